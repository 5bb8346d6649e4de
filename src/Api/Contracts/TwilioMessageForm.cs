namespace MemoryAssistant.Api.Contracts;

/// <summary>
/// The fields of Twilio's inbound-message webhook that the assistant reads. Twilio sends more (and adds
/// fields without notice): all of them are signed, accepted and kept in the interaction's raw payload.
/// Attachments arrive as <c>MediaUrl0…N-1</c> and <c>MediaContentType0…N-1</c>.
/// </summary>
public sealed class TwilioMessageForm
{
    /// <summary>Twilio's message id (SM… for text, MM… with media): the idempotency key.</summary>
    public string? MessageSid { get; init; }

    /// <summary>The sender as a channel address, e.g. whatsapp:+14155550100.</summary>
    public string? From { get; init; }

    /// <summary>The assistant's number, e.g. whatsapp:+14155238886.</summary>
    public string? To { get; init; }

    /// <summary>The text (up to 1600 characters from WhatsApp); empty for media without a caption.</summary>
    public string? Body { get; init; }

    /// <summary>How many attachments Twilio says there are (the MediaUrlN fields present are what counts).</summary>
    public string? NumMedia { get; init; }

    /// <summary>The sender's WhatsApp display name.</summary>
    public string? ProfileName { get; init; }

    /// <summary>The sender's number, digits only.</summary>
    public string? WaId { get; init; }

    /// <summary>First attachment's URL on Twilio's API.</summary>
    public string? MediaUrl0 { get; init; }

    /// <summary>First attachment's content type, e.g. image/jpeg or audio/ogg.</summary>
    public string? MediaContentType0 { get; init; }

    /// <summary>A shared location's latitude (location messages).</summary>
    public string? Latitude { get; init; }

    /// <summary>A shared location's longitude (location messages).</summary>
    public string? Longitude { get; init; }

    /// <summary>The picked place's name, when the user chose one.</summary>
    public string? Label { get; init; }

    /// <summary>The picked place's address, when the user chose one.</summary>
    public string? Address { get; init; }
}
