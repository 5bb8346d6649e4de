namespace MemoryAssistant.Api.Security;

/// <summary><c>Twilio__*</c> settings.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>Signs every webhook request; without it signatures cannot be checked (refused outside Development).</summary>
    public string? AuthToken { get; set; }

    public string? AccountSid { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";
}
