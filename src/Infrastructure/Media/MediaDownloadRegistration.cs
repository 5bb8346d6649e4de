using System.Net;
using System.Net.Sockets;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace MemoryAssistant.Infrastructure.Media;

public static class MediaDownloadRegistration
{
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Binds <c>Media__*</c> (plus <c>Twilio__ApiBaseUrl</c>, <c>Twilio__AccountSid</c>, <c>Twilio__AuthToken</c>
    /// and <c>PublicBaseUrl</c>) and registers <see cref="IMediaDownloader"/> as a typed HttpClient whose handler
    /// never follows redirects itself and only connects to vetted addresses, behind a bounded retry pipeline.
    /// </summary>
    public static IServiceCollection AddMediaDownload(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<MediaDownloadOptions>()
            .Bind(configuration.GetSection(MediaDownloadOptions.Section))
            .PostConfigure(options => ApplyAppSettings(options, configuration, isDevelopment))
            .Validate(o => o.MaxBytes is > 0 and < int.MaxValue, "Media:MaxBytes must be between 1 byte and 2 GiB.")
            .Validate(o => o.MaxImageBytes > 0 && o.MaxImageBytes <= o.MaxBytes, "Media:MaxImageBytes must be positive and at most Media:MaxBytes.")
            .Validate(o => o.Timeout >= TimeSpan.FromMilliseconds(100) && o.Timeout <= TimeSpan.FromMinutes(10), "Media:Timeout must be between 100 ms and 10 minutes.")
            .Validate(o => o.MaxRedirects is >= 0 and <= 10, "Media:MaxRedirects must be between 0 and 10.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 10, "Media:MaxAttempts must be between 1 and 10.")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero && o.RetryDelay <= s_maxRetryDelay, "Media:RetryDelay must be between 0 and 10 seconds.")
            .Validate(o => o.AllowedHosts.Concat(o.CdnHosts).All(e => MediaHostPolicy.ParseEntry(e) is not null), "Media:AllowedHosts and Media:CdnHosts entries must be 'host' or 'host:port'.")
            .ValidateOnStart();

        services.TryAddSingleton(provider => new MediaHostPolicy(provider.GetRequiredService<IOptions<MediaDownloadOptions>>().Value));

        services.AddHttpClient<IMediaDownloader, TwilioMediaDownloader>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => CreatePrimaryHandler(provider.GetRequiredService<MediaHostPolicy>()))
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) => ConfigureResilience(resilience, provider.GetRequiredService<IOptions<MediaDownloadOptions>>().Value))
            // A failing CDN host must not open the circuit for Twilio's API, and vice versa.
            .SelectPipelineByAuthority();

        return services;
    }

    private static void ApplyAppSettings(MediaDownloadOptions options, IConfiguration configuration, bool isDevelopment)
    {
        var apiBaseUrl = configuration["Twilio:ApiBaseUrl"];
        Uri apiBase;
        if (string.IsNullOrWhiteSpace(apiBaseUrl))
            apiBase = TwilioApiAccess.DefaultApiBaseUrl;
        else if (!Uri.TryCreate(apiBaseUrl, UriKind.Absolute, out apiBase!) || (apiBase.Scheme != Uri.UriSchemeHttps && apiBase.Scheme != Uri.UriSchemeHttp))
            throw new OptionsValidationException(nameof(MediaDownloadOptions), typeof(MediaDownloadOptions), [$"Twilio:ApiBaseUrl '{apiBaseUrl}' is not an absolute http(s) URL."]);
        options.Twilio = new TwilioApiAccess(apiBase, configuration["Twilio:AccountSid"], configuration["Twilio:AuthToken"]);

        options.PublicBaseUrl = Uri.TryCreate(configuration["PublicBaseUrl"], UriKind.Absolute, out var publicBase) ? publicBase : null;

        // Outside Development every hop must be HTTPS whatever the configuration says; in Development
        // plain http is allowed unless Media:RequireHttps asks otherwise.
        options.RequireHttps = !isDevelopment || configuration.GetValue<bool?>($"{MediaDownloadOptions.Section}:RequireHttps") == true;
    }

    private static SocketsHttpHandler CreatePrimaryHandler(MediaHostPolicy policy) => new()
    {
        // Redirects are followed by hand so each hop is vetted and the Authorization header dropped.
        AllowAutoRedirect = false,
        // Through a proxy the callback below would vet the proxy's address instead of the origin's.
        UseProxy = false,
        UseCookies = false,
        // Size limits count the bytes on the wire; no decompression bombs.
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context, cancellationToken),
    };

    // Resolves and vets at connect time, then connects to exactly the vetted addresses: a DNS answer that
    // changes after the downloader's check (rebinding) cannot reach an internal address.
    private static async ValueTask<Stream> ConnectAsync(MediaHostPolicy policy, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await policy.ResolveAsync(endpoint.Host, endpoint.Port, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, MediaDownloadOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.Timeout;

        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxAttempts - 1);
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = options.RetryDelay;
        resilience.Retry.MaxDelay = s_maxRetryDelay;
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(options.MaxAttempts > 1 && IsTransient(args.Outcome));

        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        var sampling = options.Timeout * 2;
        if (resilience.CircuitBreaker.SamplingDuration < sampling)
            resilience.CircuitBreaker.SamplingDuration = sampling;

        // Bounded: every attempt at its timeout plus the longest back-off between them.
        resilience.TotalRequestTimeout.Timeout = (options.Timeout * options.MaxAttempts) + (s_maxRetryDelay * (options.MaxAttempts - 1)) + TimeSpan.FromSeconds(1);
    }

    // A refusal raised while connecting is final, not a network hiccup worth retrying.
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        for (var e = outcome.Exception; e is not null; e = e.InnerException)
        {
            if (e is MediaRejectedException)
                return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
