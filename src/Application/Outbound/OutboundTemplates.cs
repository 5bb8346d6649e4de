namespace MemoryAssistant.Application.Outbound;

/// <summary>
/// Approved WhatsApp templates (Twilio Content SIDs, HX…) for messages that may leave after the 24-hour window
/// closed: <c>Twilio__ReminderContentSid</c> ("⏰ Reminder: {{1}}") and <c>Twilio__DigestContentSid</c>
/// ("Your daily digest is ready: {{1}}").
/// </summary>
public sealed record OutboundTemplates(string? ReminderContentSid = null, string? DigestContentSid = null)
{
    public string? For(string purpose) => purpose switch
    {
        OutboundPurposes.Reminder => ReminderContentSid,
        OutboundPurposes.Digest or OutboundPurposes.Weekly => DigestContentSid,
        _ => null,
    };
}

public static class OutboundPurposes
{
    public const string Reminder = "reminder";
    public const string Digest = "digest";
    public const string Weekly = "weekly";
    public const string ShareOffer = "share-offer";
    public const string ShareAnswer = "share-answer";
}
