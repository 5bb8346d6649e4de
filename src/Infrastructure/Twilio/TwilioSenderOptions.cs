namespace MemoryAssistant.Infrastructure.Twilio;

/// <summary>
/// <c>Twilio__*</c> settings for sending messages over Twilio's REST API. Shares the "Twilio" section
/// with the webhook's signature check, so one AccountSid/AuthToken pair configures both.
/// </summary>
public sealed class TwilioSenderOptions
{
    public const string Section = "Twilio";

    /// <summary>Twilio's shared WhatsApp sandbox sender.</summary>
    public const string SandboxFrom = "whatsapp:+14155238886";

    public string? AccountSid { get; set; }

    /// <summary>Secret: only ever sent as the Basic-auth password, never logged.</summary>
    public string? AuthToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>Sender address; ignored when <see cref="MessagingServiceSid"/> is set.</summary>
    public string WhatsAppFrom { get; set; } = SandboxFrom;

    /// <summary>MG… sid; when set, Twilio picks the sender from the service's pool instead of <see cref="WhatsAppFrom"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Absolute URL Twilio POSTs delivery status updates to; none when unset.</summary>
    public string? StatusCallbackUrl { get; set; }

    /// <summary>
    /// HX… sid of the approved WhatsApp template that carries a reminder to a user outside the 24-hour window
    /// (<c>Twilio__ReminderContentSid</c>); none when unset or blank. Trimmed, then checked at start-up: HX followed
    /// by 32 hex digits.
    /// </summary>
    public string? ReminderContentSid { get; set; }

    /// <summary>
    /// HX… sid of the approved WhatsApp template for digests sent outside the 24-hour window
    /// (<c>Twilio__DigestContentSid</c>); none when unset. Checked at start-up like <see cref="ReminderContentSid"/>.
    /// </summary>
    public string? DigestContentSid { get; set; }

    /// <summary>First back-off after a 5xx without Retry-After; later retries back off exponentially.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Both credentials present: the REST sender can be used instead of the local outbox.</summary>
    public bool HasCredentials => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken);
}
