using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MemoryAssistant.Infrastructure.Twilio;

/// <summary>
/// Computes and checks the <c>X-Twilio-Signature</c> header Twilio puts on every webhook request.
/// </summary>
public static class TwilioSignature
{
    private const string BodyHashParameter = "bodySHA256";

    /// <summary>Signature Twilio would send for a form POST to <paramref name="url"/>.</summary>
    [SuppressMessage("Security", "CA5350", Justification = "HMAC-SHA1 is fixed by Twilio's signing protocol.")]
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(formParameters);

        var payload = new StringBuilder(StripFragment(url));

        // Twilio signs each distinct value of a repeated key once (official vector D only matches
        // when the duplicate "Digits=1234" is collapsed), values ordered ordinally under their key.
        var groups = formParameters
            .GroupBy(p => p.Key, p => p.Value ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var value in group.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                payload.Append(group.Key).Append(value);
            }
        }

        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(payload.ToString()));
        return Convert.ToBase64String(hash);
    }

    /// <summary>True when <paramref name="signatureHeader"/> matches the form POST, allowing the port variants Twilio may have signed.</summary>
    public static bool IsValid(
        string authToken,
        string url,
        IEnumerable<KeyValuePair<string, string>> formParameters,
        string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(formParameters);
        if (string.IsNullOrEmpty(signatureHeader))
        {
            return false;
        }

        // Materialise once: the parameters are signed for every URL variant.
        var parameters = formParameters.ToList();
        return MatchesAnyVariant(url, signatureHeader, candidate => Compute(authToken, candidate, parameters));
    }

    /// <summary>
    /// True for a JSON-body webhook: the URL carries <c>bodySHA256</c>, which must equal the body's hash,
    /// and the signature covers the URL alone.
    /// </summary>
    public static bool IsValidJsonBody(string authToken, string url, string rawBody, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(rawBody);
        if (string.IsNullOrEmpty(signatureHeader))
        {
            return false;
        }

        var expectedHash = QueryValue(StripFragment(url), BodyHashParameter);
        if (expectedHash is null || !string.Equals(expectedHash, BodySha256Hex(rawBody), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return MatchesAnyVariant(url, signatureHeader, candidate => Compute(authToken, candidate, []));
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="body"/>, as Twilio puts it in <c>bodySHA256</c>.</summary>
    public static string BodySha256Hex(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
    }

    private static bool MatchesAnyVariant(string url, string signatureHeader, Func<string, string> sign)
    {
        var header = Encoding.UTF8.GetBytes(signatureHeader);
        var match = false;

        // No early exit: every variant is checked so timing does not reveal which one matched.
        foreach (var candidate in UrlVariants(StripFragment(url)))
        {
            match |= CryptographicOperations.FixedTimeEquals(header, Encoding.UTF8.GetBytes(sign(candidate)));
        }

        return match;
    }

    // Twilio may sign the URL with or without the port depending on how it was configured,
    // so accept the URL as given, with its port removed, or with the scheme's default port added.
    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;

        if (!TryFindAuthority(url, out var hostEnd, out var authorityEnd))
        {
            yield break;
        }

        if (hostEnd < authorityEnd)
        {
            yield return string.Concat(url.AsSpan(0, hostEnd), url.AsSpan(authorityEnd));
        }
        else if (DefaultPort(url) is { } port)
        {
            yield return string.Concat(url.AsSpan(0, hostEnd), ":", port.ToString(CultureInfo.InvariantCulture), url.AsSpan(hostEnd));
        }
    }

    // Works on the raw string rather than System.Uri, which would re-escape or lowercase parts of what Twilio signed.
    // hostEnd is where ":port" starts (equal to authorityEnd when there is no port).
    private static bool TryFindAuthority(string url, out int hostEnd, out int authorityEnd)
    {
        hostEnd = authorityEnd = -1;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        var authorityStart = schemeEnd + 3;
        authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url.AsSpan(authorityStart, authorityEnd - authorityStart);
        var hostStart = authority.LastIndexOf('@') + 1;
        var colon = authority.LastIndexOf(':');
        var ipv6End = authority.LastIndexOf(']');
        hostEnd = colon >= hostStart && colon > ipv6End ? authorityStart + colon : authorityEnd;
        return true;
    }

    private static int? DefaultPort(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 443
        : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 80
        : null;

    private static string StripFragment(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? url : url[..hash];
    }

    private static string? QueryValue(string url, string name)
    {
        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return null;
        }

        foreach (var pair in url[(queryStart + 1)..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair.AsSpan(0, equals).SequenceEqual(name))
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }
}
