using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>
/// Downloads an inbound attachment the way Twilio serves it: Basic auth to the API host only, then the
/// redirect to the CDN followed by hand without credentials. Every hop is checked (scheme, host, address),
/// the body is counted while it streams and its type is read from the bytes. Refusals are
/// <see cref="MediaRejectedException"/>; 5xx, 408/429 and timeouts (after the resilience pipeline's
/// retries) propagate as they are, so the job worker tries again later.
/// </summary>
public sealed class TwilioMediaDownloader : IMediaDownloader
{
    private const long MiB = 1024 * 1024;
    private const int InitialBufferSize = 64 * 1024;

    private readonly HttpClient _httpClient;
    private readonly MediaDownloadOptions _options;
    private readonly MediaHostPolicy _policy;
    private readonly ILogger<TwilioMediaDownloader> _logger;

    public TwilioMediaDownloader(HttpClient httpClient, IOptions<MediaDownloadOptions> options, MediaHostPolicy policy, ILogger<TwilioMediaDownloader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options.Value;
        _policy = policy;
        _logger = logger;
    }

    public async Task<DownloadedMedia> DownloadAsync(Uri url, string? declaredContentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            var isFirstHop = redirects == 0;
            await CheckHopAsync(url, current, isFirstHop, cancellationToken);

            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            // Credentials go to the API origin on the first hop only; never to a CDN or along a redirect.
            if (isFirstHop && _options.Twilio.HasCredentials && _policy.IsTwilioApi(current))
                request.Headers.Authorization = BasicAuthorization(_options.Twilio);

            using var response = await SendAsync(url, request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                if (redirects >= _options.MaxRedirects)
                    throw Refuse(url, $"more than {_options.MaxRedirects} redirects");
                var location = response.Headers.Location
                    ?? throw Refuse(url, $"redirect {status} from {Describe(current)} has no Location header");
                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                _logger.LogDebug("Media download of {Url} redirected ({Status}) to {Target}", Describe(url), status, Describe(current));
                continue;
            }

            if (status is >= 300 and < 400)
                throw Refuse(url, $"{Describe(current)} answered {status} {response.ReasonPhrase}, which is not a redirect that can be followed");
            // Deleted or expired media, bad credentials, forbidden: retrying will not change the answer.
            if (status is >= 400 and < 500 and not 408 and not 429)
                throw Refuse(url, $"{Describe(current)} answered {status} {response.ReasonPhrase}");
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("Media download of {Url} failed with {Status} after {Attempts} attempts; it will be retried later", Describe(url), status, _options.MaxAttempts);
                throw new HttpRequestException($"Media download failed: {Describe(current)} answered {status} {response.ReasonPhrase}.", null, response.StatusCode);
            }

            return await ReadAsync(url, response, declaredContentType, cancellationToken);
        }
    }

    private async Task CheckHopAsync(Uri original, Uri current, bool isFirstHop, CancellationToken cancellationToken)
    {
        var what = isFirstHop ? "URL" : "redirect";
        if (!current.IsAbsoluteUri || (current.Scheme != Uri.UriSchemeHttps && current.Scheme != Uri.UriSchemeHttp))
            throw Refuse(original, $"{what} scheme '{(current.IsAbsoluteUri ? current.Scheme : "relative")}' is not allowed");
        if (_options.RequireHttps && current.Scheme != Uri.UriSchemeHttps)
            throw Refuse(original, $"{what} {Describe(current)} is not HTTPS (plain http is allowed in Development only)");
        if (!string.IsNullOrEmpty(current.UserInfo))
            throw Refuse(original, $"{what} {Describe(current)} carries credentials in the URL");

        var host = MediaHostPolicy.HostOf(current);
        var allowed = isFirstHop ? _policy.IsAllowedFirstHop(current) : _policy.IsAllowedRedirect(current);
        if (!allowed)
        {
            if (IPAddress.TryParse(host, out var literal) && MediaHostPolicy.ForbiddenReason(literal) is { } reason)
                throw Refuse(original, $"{what} host {current.Authority} is not allowed (a {reason} address)");
            throw Refuse(original, $"{what} host {current.Authority} is not allowed");
        }

        if (!_policy.IsTrusted(host, current.Port))
        {
            try
            {
                await _policy.ResolveAsync(host, current.Port, cancellationToken);
            }
            catch (MediaRejectedException ex)
            {
                throw Refuse(original, ex.Message);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri original, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (FindRejection(ex) is { } rejection)
        {
            // The connection callback refused the address DNS gave at connect time (it changed since the check).
            throw Refuse(original, rejection.Message);
        }
    }

    private async Task<DownloadedMedia> ReadAsync(Uri original, HttpResponseMessage response, string? declaredContentType, CancellationToken cancellationToken)
    {
        // Until the bytes say "image", only the overall limit is known.
        var limit = _options.MaxBytes;
        var contentLength = response.Content.Headers.ContentLength;
        if (contentLength > limit)
            throw Refuse(original, $"Content-Length {contentLength} is above the {FormatSize(limit)} limit");

        using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bodyTimeout.CancelAfter(_options.Timeout);
        var token = bodyTimeout.Token;

        // Never hold more than limit + 1 bytes: exactly Content-Length when known, otherwise grow by doubling up to the cap.
        var data = new byte[contentLength is { } known ? (int)known : (int)Math.Min(InitialBufferSize, limit + 1)];
        var probe = new byte[1];
        var total = 0;
        string? sniffed = null;
        var sniffDone = false;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(token);
            while (true)
            {
                int read;
                if (total < data.Length)
                {
                    read = await stream.ReadAsync(data.AsMemory(total), token);
                }
                else
                {
                    // The buffer is full: one more byte decides between "done" and "grow".
                    read = await stream.ReadAsync(probe, token);
                    if (read > 0)
                    {
                        if (total >= limit)
                            throw Refuse(original, $"{Kind(sniffed)} is larger than the {FormatSize(limit)} limit{ForImages(sniffed)} (stopped after {total + 1} bytes)");
                        Array.Resize(ref data, (int)Math.Min(Math.Max(data.Length * 2L, InitialBufferSize), limit + 1));
                        data[total] = probe[0];
                    }
                }

                if (read == 0)
                    break;
                total += read;

                if (!sniffDone && total >= ContentSniffer.HeaderLength)
                {
                    sniffDone = true;
                    sniffed = ContentSniffer.Sniff(data.AsSpan(0, total));
                    limit = LimitFor(sniffed);
                    if (contentLength > limit)
                        throw Refuse(original, $"Content-Length {contentLength} is above the {FormatSize(limit)} limit{ForImages(sniffed)}");
                }

                if (total > limit)
                    throw Refuse(original, $"{Kind(sniffed)} is larger than the {FormatSize(limit)} limit{ForImages(sniffed)} (stopped after {total} bytes)");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && bodyTimeout.IsCancellationRequested)
        {
            _logger.LogWarning("Media download of {Url} timed out reading the body after {Timeout}; it will be retried later", Describe(original), _options.Timeout);
            throw new TimeoutException($"Reading the media body took longer than {_options.Timeout}.");
        }

        if (total == 0)
            throw Refuse(original, "the media is empty (zero bytes)");

        var bytes = total == data.Length ? data : data[..total];
        if (!sniffDone)
        {
            sniffed = ContentSniffer.Sniff(bytes);
            if (total > LimitFor(sniffed))
                throw Refuse(original, $"{Kind(sniffed)} is larger than the {FormatSize(LimitFor(sniffed))} limit{ForImages(sniffed)}");
        }

        var declared = ContentSniffer.MediaTypeOf(declaredContentType);
        if (sniffed is null)
        {
            var actual = ContentSniffer.DescribeUnknown(bytes);
            throw Refuse(original, declared is null
                ? $"the bytes are {actual}: not a supported media type"
                : $"declared {declared} but the bytes are {actual}: not a supported media type");
        }

        if (!ContentSniffer.IsCompatible(declaredContentType, sniffed))
            throw Refuse(original, $"declared {declared} but the bytes are {sniffed}");

        return new DownloadedMedia(bytes, sniffed, ContentHash.Of(bytes));
    }

    private long LimitFor(string? sniffedType) =>
        sniffedType is not null && sniffedType.StartsWith("image/", StringComparison.Ordinal) ? _options.MaxImageBytes : _options.MaxBytes;

    private MediaRejectedException Refuse(Uri original, string reason)
    {
        _logger.LogWarning("Media download refused: {Reason} (url {Url})", reason, Describe(original));
        return new MediaRejectedException($"Media refused: {reason}.");
    }

    private static MediaRejectedException? FindRejection(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is MediaRejectedException rejection)
                return rejection;
        }

        return null;
    }

    private static AuthenticationHeaderValue BasicAuthorization(TwilioApiAccess twilio) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));

    // Scheme, host, port and path only: CDN query strings are signatures and have no place in logs.
    private static string Describe(Uri url) =>
        url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}{url.AbsolutePath}" : "(relative URL)";

    private static string Kind(string? sniffedType) =>
        sniffedType is not null && sniffedType.StartsWith("image/", StringComparison.Ordinal) ? "image" : "media";

    private static string ForImages(string? sniffedType) => Kind(sniffedType) == "image" ? " for images" : "";

    private static string FormatSize(long bytes) =>
        bytes % MiB == 0
            ? $"{(bytes / MiB).ToString(CultureInfo.InvariantCulture)} MiB"
            : $"{bytes.ToString(CultureInfo.InvariantCulture)} byte";
}
