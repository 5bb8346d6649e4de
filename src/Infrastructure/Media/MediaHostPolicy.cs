using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MemoryAssistant.Application.Common.Exceptions;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>
/// Which hosts a media download may touch, and which addresses they may resolve to. Shared by the
/// downloader (clear refusals before any request) and the connection callback (so a DNS answer that changes
/// between the check and the connect cannot point a trusted name at an internal address).
/// </summary>
public sealed class MediaHostPolicy
{
    private static readonly byte[] s_nat64Prefix = [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly List<HostEntry> _allowed;
    private readonly List<HostEntry> _cdn;
    private readonly HostEntry _twilioApi;
    private readonly HostEntry? _publicBase;
    private readonly Uri _twilioApiBaseUrl;

    public MediaHostPolicy(MediaDownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowed = [.. options.AllowedHosts.Select(e => ParseEntry(e) ?? throw new ArgumentException($"Media:AllowedHosts entry '{e}' is not 'host' or 'host:port'.", nameof(options)))];
        _cdn = [.. options.EffectiveCdnHosts.Select(e => ParseEntry(e) ?? throw new ArgumentException($"Media:CdnHosts entry '{e}' is not 'host' or 'host:port'.", nameof(options)))];
        _twilioApiBaseUrl = options.Twilio.ApiBaseUrl;
        _twilioApi = new HostEntry(NormalizeHost(_twilioApiBaseUrl.IdnHost), _twilioApiBaseUrl.Port);
        _publicBase = options.PublicBaseUrl is { IsAbsoluteUri: true } publicBase
            ? new HostEntry(NormalizeHost(publicBase.IdnHost), publicBase.Port)
            : null;
    }

    /// <summary>Parses <c>host</c>, <c>host:port</c> or <c>[v6]:port</c>; null when it is none of them.</summary>
    public static HostEntry? ParseEntry(string? entry)
    {
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text) || text.Contains('/', StringComparison.Ordinal) || text.Contains('@', StringComparison.Ordinal))
            return null;
        // A bare IPv6 literal has colons of its own; bracket it so Uri can tell address from port.
        if (IPAddress.TryParse(text, out var bare) && bare.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('['))
            text = "[" + text + "]";
        // An unregistered scheme has no default port, so Port is -1 exactly when the entry names none.
        if (!Uri.TryCreate("media-host://" + text, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Host.Length == 0)
            return null;
        return new HostEntry(NormalizeHost(uri.IdnHost), uri.Port < 0 ? null : uri.Port);
    }

    /// <summary>True when the request goes to the configured Twilio API origin (scheme, host and port).</summary>
    public bool IsTwilioApi(Uri url) =>
        string.Equals(url.Scheme, _twilioApiBaseUrl.Scheme, StringComparison.OrdinalIgnoreCase) && _twilioApi.Matches(HostOf(url), url.Port);

    /// <summary>Listed hosts: AllowedHosts entries, the Twilio API host and the PublicBaseUrl host. Their addresses are not checked.</summary>
    public bool IsTrusted(string host, int port)
    {
        var normalized = NormalizeHost(host);
        return _allowed.Any(e => e.Matches(normalized, port))
            || _twilioApi.Matches(normalized, port)
            || _publicBase?.Matches(normalized, port) == true;
    }

    /// <summary>The first URL of a download: the Twilio API, an allow-listed host or the app itself.</summary>
    public bool IsAllowedFirstHop(Uri url) => IsTrusted(HostOf(url), url.Port);

    /// <summary>A redirect target: an allow-listed host or one of the CDN hosts (only the latter get address checks).</summary>
    public bool IsAllowedRedirect(Uri url) =>
        _allowed.Any(e => e.Matches(HostOf(url), url.Port)) || _cdn.Any(e => e.Matches(HostOf(url), url.Port));

    /// <summary>
    /// The addresses to connect to for <paramref name="host"/>. Untrusted hosts must resolve only to public
    /// addresses; one internal address in the answer refuses the whole name.
    /// </summary>
    public async Task<IPAddress[]> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        var normalized = NormalizeHost(host);
        var addresses = IPAddress.TryParse(normalized, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(normalized, cancellationToken);
        if (IsTrusted(normalized, port))
            return addresses;

        foreach (var address in addresses)
        {
            if (ForbiddenReason(address) is { } reason)
                throw new MediaRejectedException($"host {normalized} resolves to {reason} address {address}, which is not allowed");
        }

        return addresses;
    }

    /// <summary>Why an address must not be fetched from (loopback, private, link-local, …), or null for a public one.</summary>
    public static string? ForbiddenReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => "unspecified",
                127 => "loopback",
                10 => "private",
                172 when b[1] is >= 16 and <= 31 => "private",
                192 when b[1] == 168 => "private",
                100 when b[1] is >= 64 and <= 127 => "private", // carrier-grade NAT, internal to providers
                169 when b[1] == 254 => "link-local", // includes the 169.254.169.254 metadata service
                >= 224 and <= 239 => "multicast",
                >= 240 => "reserved",
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any))
                return "unspecified";
            if (address.Equals(IPAddress.IPv6Loopback))
                return "loopback";
            if (address.IsIPv6Multicast)
                return "multicast";
            if (address.IsIPv6LinkLocal)
                return "link-local";
            if (address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
                return "private";
            // NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible (::/96) addresses carry an IPv4
            // address inside, which gets the IPv4 rules (64:ff9b::a9fe:a9fe is the metadata service too).
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            if (b[..12].SequenceEqual(s_nat64Prefix) || b[..12].IndexOfAnyExcept((byte)0) < 0)
                return ForbiddenReason(new IPAddress(b[12..]));
            if (b[0] == 0x20 && b[1] == 0x02)
                return ForbiddenReason(new IPAddress(b[2..6]));
            return null;
        }

        return "unsupported";
    }

    /// <summary>Lowercase, without IPv6 brackets or a trailing dot, IP literals in canonical form.</summary>
    public static string NormalizeHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var trimmed = host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');
        return IPAddress.TryParse(trimmed, out var ip) ? ip.ToString() : trimmed.ToLowerInvariant();
    }

    public static string HostOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return NormalizeHost(url.IdnHost);
    }

    /// <summary>One allowed host; without a port it matches the default HTTP and HTTPS ports only.</summary>
    public sealed record HostEntry(string Host, int? Port)
    {
        public bool Matches(string normalizedHost, int port) =>
            string.Equals(Host, normalizedHost, StringComparison.OrdinalIgnoreCase)
            && (Port is { } p ? p == port : port is 80 or 443);

        public override string ToString() => Port is { } p ? $"{Host}:{p.ToString(CultureInfo.InvariantCulture)}" : Host;
    }
}
