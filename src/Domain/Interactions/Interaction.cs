using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.Interactions;

/// <summary>
/// One message exchanged with a user, kept whole (raw payload and the reply given) so every memory can
/// be traced back to it and a repeated delivery can be answered with the same reply.
/// </summary>
public sealed class Interaction
{
    private readonly List<InteractionMedia> _media = [];

    private Interaction() { Body = ""; }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public User? User { get; private set; }
    public InteractionDirection Direction { get; private set; }
    public InteractionChannel Channel { get; private set; }
    public InteractionKind Kind { get; private set; }

    /// <summary>Twilio's id for WhatsApp messages; unique, so a redelivery cannot create a second row.</summary>
    public MessageSid? MessageSid { get; private set; }

    /// <summary>The REST caller's <c>Idempotency-Key</c>; unique per user.</summary>
    public string? IdempotencyKey { get; private set; }

    /// <summary>SHA-256 of the REST request body, so a reused key with a different body is refused.</summary>
    public string? RequestFingerprint { get; private set; }

    public string Body { get; private set; }
    public Instant ReceivedAt { get; private set; }
    public string? RawPayload { get; private set; }
    public string? Reply { get; private set; }
    public InteractionStatus Status { get; private set; }
    public string? Error { get; private set; }
    public Instant? ProcessedAt { get; private set; }

    /// <summary>How many times the same message was delivered again and absorbed without effect.</summary>
    public int DuplicateDeliveries { get; private set; }

    public IReadOnlyList<InteractionMedia> Media => _media;

    public static Interaction ReceiveWhatsApp(User user, MessageSid messageSid, string body, string rawPayload, Instant receivedAt) =>
        new()
        {
            User = user,
            Direction = InteractionDirection.Inbound,
            Channel = InteractionChannel.WhatsApp,
            Kind = InteractionKind.Text,
            MessageSid = messageSid,
            Body = body,
            RawPayload = rawPayload,
            ReceivedAt = receivedAt,
            Status = InteractionStatus.Received,
        };

    public static Interaction ReceiveApi(User user, string? idempotencyKey, string requestFingerprint, string body, string rawPayload, Instant receivedAt)
    {
        if (idempotencyKey is { Length: 0 or > 255 })
            throw new DomainException("An Idempotency-Key must be 1 to 255 characters.");
        return new Interaction
        {
            User = user,
            Direction = InteractionDirection.Inbound,
            Channel = InteractionChannel.Api,
            Kind = InteractionKind.Text,
            IdempotencyKey = idempotencyKey,
            RequestFingerprint = requestFingerprint,
            Body = body,
            RawPayload = rawPayload,
            ReceivedAt = receivedAt,
            Status = InteractionStatus.Received,
        };
    }

    public void ClassifyAs(InteractionKind kind) => Kind = kind;

    /// <summary>Twilio's attachment <paramref name="position"/> (MediaUrl{n}); the bytes are fetched later.</summary>
    public InteractionMedia AttachMedia(int position, string mediaUrl, string? declaredContentType)
    {
        if (_media.Any(m => m.Position == position))
            throw new DomainException($"Attachment {position} is already recorded.");
        var media = InteractionMedia.Declare(this, position, mediaUrl, declaredContentType);
        _media.Add(media);
        return media;
    }

    public void MarkAnswered(string reply, Instant now)
    {
        Reply = reply;
        Status = InteractionStatus.Processed;
        Error = null;
        ProcessedAt = now;
    }

    public void MarkFailed(string error, string reply, Instant now)
    {
        Reply = reply;
        Status = InteractionStatus.Failed;
        Error = error;
        ProcessedAt = now;
    }

    public void AbsorbDuplicateDelivery() => DuplicateDeliveries++;

    /// <summary>Media work was queued; the reply depends on how fast it finishes.</summary>
    public void MarkProcessing() => Status = InteractionStatus.Processing;

    /// <summary>A message the assistant sent on its own (a result that missed the webhook's reply, a reminder).</summary>
    public static Interaction SendWhatsApp(User user, string body, MessageSid? providerSid, bool accepted, string? error, Instant now) =>
        new()
        {
            User = user,
            Direction = InteractionDirection.Outbound,
            Channel = InteractionChannel.WhatsApp,
            Kind = InteractionKind.Text,
            MessageSid = providerSid,
            Body = body,
            ReceivedAt = now,
            Status = accepted ? InteractionStatus.Processed : InteractionStatus.Failed,
            Error = error,
            ProcessedAt = now,
        };
}
