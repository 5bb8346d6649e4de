using System.Buffers;
using System.Text;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Infrastructure.Twilio;

/// <summary>
/// Argument checks every outbound adapter applies, so the local outbox refuses exactly what Twilio would.
/// </summary>
internal static class OutboundMessageRules
{
    /// <summary>Twilio's limit for one message body; longer texts must be split by the caller.</summary>
    public const int MaxBodyLength = 1600;

    /// <summary>Twilio's limit on variables per content template.</summary>
    public const int MaxTemplateVariables = 100;

    /// <summary>Twilio's limit on a variable's key (the <c>1</c> in <c>{{1}}</c>).</summary>
    public const int MaxTemplateVariableKeyLength = 16;

    /// <summary>
    /// Our cap on one variable's value. Twilio takes up to 1600 characters (and recommends under 250), but WhatsApp
    /// takes at most 1024 for a body parameter when the template has other components (header, buttons), so a longer
    /// value is cut to this length, ending in "…", rather than risk a refusal after Twilio accepted the message.
    /// </summary>
    public const int MaxTemplateVariableLength = 1024;

    private const string Ellipsis = "…";

    private const string ContentSidPrefix = "HX";
    private const int SidHexDigits = 32;

    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static void Validate(WhatsAppNumber recipient, string body, IReadOnlyList<Uri> mediaUrls)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(mediaUrls);

        if (body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"Message body is {body.Length} characters; Twilio accepts at most {MaxBodyLength}. Split it before sending.", nameof(body));
        }

        if (body.Length == 0 && mediaUrls.Count == 0)
        {
            throw new ArgumentException("A message needs a body or at least one media URL.", nameof(body));
        }

        // Twilio fetches media itself, so only absolute http(s) URLs can ever work.
        foreach (var url in mediaUrls)
        {
            if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"Media URL '{url}' must be an absolute http(s) URL Twilio can fetch.", nameof(mediaUrls));
            }
        }
    }

    /// <summary>A Twilio Content sid: <c>HX</c> and 32 hex digits (Twilio's pattern accepts either case), nothing around it.</summary>
    public static bool IsContentSid(string? value) =>
        value is { Length: 2 + SidHexDigits }
        && value.StartsWith(ContentSidPrefix, StringComparison.Ordinal)
        && !value.AsSpan(ContentSidPrefix.Length).ContainsAnyExcept(s_hexDigits);

    /// <summary>
    /// Checks a template send and returns the variables as they go to Twilio. WhatsApp refuses a template parameter
    /// that contains a line break, a tab or more than four consecutive spaces (the message then fails after Twilio
    /// accepted it), so every run of whitespace or control characters in a value becomes one space and the value is
    /// trimmed; a value longer than <see cref="MaxTemplateVariableLength"/> is cut, ending in "…". Keys must be 1-16
    /// ASCII letters, digits or underscores, values must not be empty (after the clean-up), and there are at most
    /// <see cref="MaxTemplateVariables"/> variables; anything else throws. The caller's order is kept.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ValidateTemplate(
        WhatsAppNumber recipient, string contentSid, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(contentSid);
        ArgumentNullException.ThrowIfNull(variables);

        if (!IsContentSid(contentSid))
        {
            throw new ArgumentException($"'{contentSid}' is not a Twilio Content sid (HX followed by 32 hex digits).", nameof(contentSid));
        }

        if (variables.Count > MaxTemplateVariables)
        {
            throw new ArgumentException($"A template takes at most {MaxTemplateVariables} variables; got {variables.Count}.", nameof(variables));
        }

        var cleaned = new List<KeyValuePair<string, string>>(variables.Count);
        foreach (var (key, value) in variables)
        {
            if (!IsVariableKey(key))
            {
                throw new ArgumentException(
                    $"Template variable key '{key}' must be 1-{MaxTemplateVariableKeyLength} ASCII letters, digits or underscores.", nameof(variables));
            }

            // Values are the user's own words (a reminder's text): never echo them into an exception message.
            var text = CollapseWhitespace(value ?? string.Empty);
            if (text.Length == 0)
            {
                throw new ArgumentException($"Template variable '{key}' is empty; Twilio and WhatsApp refuse empty parameters.", nameof(variables));
            }

            cleaned.Add(new(key, Truncate(text)));
        }

        return cleaned;
    }

    private static string Truncate(string text)
    {
        if (text.Length <= MaxTemplateVariableLength)
        {
            return text;
        }

        // Never keep half of a surrogate pair (an emoji) in front of the ellipsis.
        var keep = MaxTemplateVariableLength - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep).TrimEnd(' '), Ellipsis);
    }

    private static bool IsVariableKey(string? key) =>
        key is { Length: > 0 and <= MaxTemplateVariableKeyLength }
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
