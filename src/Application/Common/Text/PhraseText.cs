using System.Text.RegularExpressions;

namespace MemoryAssistant.Application.Common.Text;

/// <summary>
/// What is left of a message once a phrase was taken out of it ("dinner last week?" without "last week"):
/// single spaces, no space before punctuation, no doubled commas, no dangling separators at either end.
/// Shared by the time, place and reminder parsers so their leftovers read the same.
/// </summary>
public static partial class PhraseText
{
    public static string Tidy(string text)
    {
        var result = Whitespace().Replace(text, " ").Trim();
        result = SpaceBeforePunctuation().Replace(result, "$1");
        result = RepeatedComma().Replace(result, ",");
        result = LeadingSeparator().Replace(result, string.Empty);
        return TrailingSeparator().Replace(result, string.Empty).Trim();
    }

    /// <summary>Drops separators (",", "-", ":") left at the start once a leading word went.</summary>
    public static string TrimLeadingSeparators(string text) => LeadingSeparator().Replace(text, string.Empty);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+([?!.,;:])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@",(?:\s*,)+")]
    private static partial Regex RepeatedComma();

    [GeneratedRegex(@"^(?:[,;:\-\u2013\u2014]+\s*)+")]
    private static partial Regex LeadingSeparator();

    [GeneratedRegex(@"(?:\s*[,;:\-\u2013\u2014]+)+\s*(?=[?!.]*$)")]
    private static partial Regex TrailingSeparator();
}
