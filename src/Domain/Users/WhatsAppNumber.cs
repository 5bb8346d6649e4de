using MemoryAssistant.Domain.Common;

namespace MemoryAssistant.Domain.Users;

/// <summary>
/// A WhatsApp identity as an E.164 number ("+14155550100"). Twilio writes it as a channel address
/// ("whatsapp:+14155550100"); both forms parse to the same value so a user is never stored twice.
/// </summary>
public sealed record WhatsAppNumber
{
    private const string ChannelPrefix = "whatsapp:";

    private WhatsAppNumber(string e164) => Value = e164;

    /// <summary>E.164 form, with the leading '+'.</summary>
    public string Value { get; }

    /// <summary>The digits only, as Twilio's <c>WaId</c> carries them.</summary>
    public string Digits => Value[1..];

    public string ChannelAddress => ChannelPrefix + Value;

    public static WhatsAppNumber Parse(string? text) =>
        TryParse(text, out var number)
            ? number
            : throw new DomainException($"'{text}' is not a WhatsApp number: expected E.164 such as +14155550100 or whatsapp:+14155550100.");

    public static bool TryParse(string? text, out WhatsAppNumber number)
    {
        number = null!;
        if (string.IsNullOrWhiteSpace(text))
            return false;

        var s = text.Trim();
        if (s.StartsWith(ChannelPrefix, StringComparison.OrdinalIgnoreCase))
            s = s[ChannelPrefix.Length..];

        // People paste numbers with spaces, dashes and brackets; E.164 keeps only digits after '+'.
        Span<char> digits = stackalloc char[16];
        var count = 0;
        var sawPlus = false;
        foreach (var c in s)
        {
            if (c == '+' && count == 0 && !sawPlus) { sawPlus = true; continue; }
            if (c is ' ' or '-' or '(' or ')' or '.') continue;
            if (!char.IsAsciiDigit(c) || count == digits.Length) return false;
            digits[count++] = c;
        }

        // E.164: a country code that does not start with 0, at most 15 digits in all.
        if (!sawPlus || count < 7 || count > 15 || digits[0] == '0')
            return false;

        number = new WhatsAppNumber("+" + new string(digits[..count]));
        return true;
    }

    public override string ToString() => Value;

    /// <summary>The number with all but the last four digits hidden, for logs.</summary>
    public string Masked => "+" + new string('•', Value.Length - 5) + Value[^4..];
}
