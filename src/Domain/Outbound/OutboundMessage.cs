using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.Outbound;

public enum OutboundStatus { Pending, Sending, Sent, Failed }

/// <summary>
/// A message the assistant sends on its own (a reminder, a digest, a share offer). Written with the change
/// that causes it and keyed by <see cref="DedupeKey"/> (e.g. "reminder:12:1764662400000"), so a retried or
/// repeated cause can never produce a second row; the sender then moves it pending → sending → sent.
/// </summary>
public sealed class OutboundMessage
{
    public const int MaxErrorLength = 500;

    private OutboundMessage() { Purpose = ""; DedupeKey = ""; Body = ""; }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public User? User { get; private set; }

    /// <summary>reminder, digest, weekly, share-offer, …</summary>
    public string Purpose { get; private set; }

    public string DedupeKey { get; private set; }
    public string Body { get; private set; }

    /// <summary>Values for the approved template used outside WhatsApp's 24-hour window ({"1": "call mom"}).</summary>
    public string? TemplateVariables { get; private set; }

    public OutboundStatus Status { get; private set; }

    /// <summary>Send attempts started; counted before the call, so a crash mid-call is visible afterwards.</summary>
    public int Attempts { get; private set; }

    public bool UsedTemplate { get; private set; }
    public string? ProviderMessageId { get; private set; }
    public int? ErrorCode { get; private set; }
    public string? Error { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant? SentAt { get; private set; }

    /// <summary>The outbound interaction recorded once it was sent.</summary>
    public long? InteractionId { get; private set; }

    public static OutboundMessage Queue(User user, string purpose, string dedupeKey, string body, string? templateVariables, Instant now)
    {
        if (string.IsNullOrWhiteSpace(dedupeKey))
            throw new DomainException("An outbound message needs a dedupe key.");
        if (string.IsNullOrWhiteSpace(body))
            throw new DomainException("An outbound message needs a body.");
        return new OutboundMessage
        {
            User = user, Purpose = purpose, DedupeKey = dedupeKey, Body = body, TemplateVariables = templateVariables,
            Status = OutboundStatus.Pending, CreatedAt = now,
        };
    }

    public void BeginAttempt()
    {
        if (Status == OutboundStatus.Sent)
            throw new DomainException("The message was already sent.");
        Attempts++;
        Status = OutboundStatus.Sending;
    }

    public void MarkSent(string? providerMessageId, bool usedTemplate, long interactionId, Instant now)
    {
        Status = OutboundStatus.Sent;
        ProviderMessageId = providerMessageId;
        UsedTemplate = usedTemplate;
        InteractionId = interactionId;
        SentAt = now;
        ErrorCode = null;
        Error = null;
    }

    /// <summary>Refused for good (e.g. 63016 with no template configured): kept, with why, for the user and the operator.</summary>
    public void MarkFailed(int? errorCode, string error, long? interactionId)
    {
        Status = OutboundStatus.Failed;
        ErrorCode = errorCode;
        Error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        InteractionId = interactionId;
    }

    /// <summary>A transient fault: the job worker tries again later.</summary>
    public void RecordTransientError(string error)
    {
        Status = OutboundStatus.Pending;
        Error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
    }
}
