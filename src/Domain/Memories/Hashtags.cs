using System.Text.RegularExpressions;

namespace MemoryAssistant.Domain.Memories;

/// <summary>People tag their own notes ("#groceries milk, eggs"); those words become the memory's tags.</summary>
public static partial class Hashtags
{
    public static IReadOnlyList<string> Extract(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : HashtagPattern().Matches(text).Select(m => MemoryTag.Normalise(m.Groups[1].Value)).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    // A '#' at a word start followed by a letter, so "#1" or "C#" are not tags.
    // Marks (\p{M}) belong to the word: Indic vowel signs, accents typed as combining characters.
    [GeneratedRegex(@"(?<![\w#])#(\p{L}[\p{L}\p{M}\p{N}_-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex HashtagPattern();
}
