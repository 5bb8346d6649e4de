namespace MemoryAssistant.Infrastructure.Media;

/// <summary>
/// <c>Media__*</c> settings for fetching inbound attachments, plus the Twilio API access and the app's
/// <c>PublicBaseUrl</c>, which the registration copies in from their own sections (<c>Twilio__*</c>,
/// <c>PublicBaseUrl</c>) so the downloader sees one consistent snapshot.
/// </summary>
public sealed class MediaDownloadOptions
{
    public const string Section = "Media";

    private const long MiB = 1024 * 1024;

    /// <summary>Where Twilio redirects media downloads (current and legacy CDN hosts).</summary>
    public static readonly IReadOnlyList<string> DefaultCdnHosts =
        ["mms.twiliocdn.com", "media.twiliocdn.com", "s3-external-1.amazonaws.com"];

    /// <summary>
    /// Extra hosts (<c>host</c> or <c>host:port</c>; a bare host means ports 80/443) allowed as the first URL
    /// and as redirect targets. Trusted as listed: their addresses are not checked, so tests can name loopback.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Redirect targets that are allowed but NOT trusted: their DNS answers are checked for private,
    /// loopback and link-local addresses. Empty means <see cref="DefaultCdnHosts"/>.
    /// </summary>
    public IList<string> CdnHosts { get; } = [];

    /// <summary>WhatsApp's limit per message.</summary>
    public long MaxBytes { get; set; } = 16 * MiB;

    /// <summary>WhatsApp's limit for images (decided by the sniffed type, not the declared one).</summary>
    public long MaxImageBytes { get; set; } = 5 * MiB;

    /// <summary>Per attempt until the response headers arrive, and again for reading the body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public int MaxRedirects { get; set; } = 3;

    /// <summary>Attempts per request, the first included; transient failures beyond that go back to the job worker.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Base of the exponential, jittered back-off between attempts (a Retry-After header wins).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every hop must be HTTPS. Forced on outside Development by the registration.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>From <c>Twilio__ApiBaseUrl</c>, <c>Twilio__AccountSid</c>, <c>Twilio__AuthToken</c>.</summary>
    public TwilioApiAccess Twilio { get; set; } = TwilioApiAccess.Default;

    /// <summary>From <c>PublicBaseUrl</c>: the app's own host, allowed as a first URL (local uploads).</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The CDN hosts in effect (configured ones, or Twilio's defaults).</summary>
    public IReadOnlyList<string> EffectiveCdnHosts => CdnHosts.Count > 0 ? [.. CdnHosts] : DefaultCdnHosts;
}

/// <summary>The Twilio REST API origin and the credentials sent to it (and only to it).</summary>
public sealed record TwilioApiAccess(Uri ApiBaseUrl, string? AccountSid, string? AuthToken)
{
    public static readonly Uri DefaultApiBaseUrl = new("https://api.twilio.com");

    public static TwilioApiAccess Default { get; } = new(DefaultApiBaseUrl, null, null);

    public bool HasCredentials => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken);

    // The generated ToString would print the token into any log that formats the options.
    public override string ToString() =>
        $"TwilioApiAccess {{ ApiBaseUrl = {ApiBaseUrl}, AccountSid = {AccountSid}, AuthToken = {(string.IsNullOrEmpty(AuthToken) ? "(none)" : "***")} }}";
}
