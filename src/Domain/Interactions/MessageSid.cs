using MemoryAssistant.Domain.Common;

namespace MemoryAssistant.Domain.Interactions;

/// <summary>
/// Twilio's id of one message: two letters ("SM" text, "MM" media) and 32 hex digits. It is the
/// idempotency key of inbound WhatsApp messages: the same sid twice is the same message.
/// </summary>
public sealed record MessageSid
{
    private MessageSid(string value) => Value = value;

    public string Value { get; }

    public static MessageSid Parse(string? text) =>
        TryParse(text, out var sid)
            ? sid
            : throw new DomainException($"'{text}' is not a Twilio MessageSid: expected two letters and 32 hex digits.");

    public static bool TryParse(string? text, out MessageSid sid)
    {
        sid = null!;
        var s = text?.Trim();
        if (s is null || s.Length != 34 || !char.IsAsciiLetterUpper(s[0]) || !char.IsAsciiLetterUpper(s[1]))
            return false;
        foreach (var c in s.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }

        sid = new MessageSid(s);
        return true;
    }

    public override string ToString() => Value;
}
