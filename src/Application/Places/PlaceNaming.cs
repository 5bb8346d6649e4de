using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace MemoryAssistant.Application.Places;

/// <summary>
/// Recognises a message that names the location just shared: "this is the office", "this is home", "save this
/// place as the gym", "call this place mom's house", "name this location work", "remember this place as X".
/// Whole-message rules only, so a note that merely contains these words stays a note.
/// </summary>
/// <remarks>
/// <para>
/// The caller applies this only to the message right after a shared location. Even so, "this is X" is also how
/// people react to a place ("this is great", "this is so good", "this is it!"), so that form is held to a
/// stricter heuristic: at most three words after "the"/"my"/"our"; not ending in "!" or "?"; no "a"/"an"; none of
/// the words in a stop list of adjectives, intensifiers, pronouns and sentence words (great, amazing, so, it,
/// where, not, place, spot, ...); and, without an article, a first word of five letters or more must not end like
/// an adjective or a verb form (-ing, -ed, -ful, -ous, -ive, -ble, -ish, -less: "crowded", "incredible",
/// "relaxing"). "this is the building" still names a place; "this is reading" or "this is beijing" does not (the
/// explicit "save this place as beijing" does). "call/name this X" without "as" gets the same stop list ("call
/// this place amazing").
/// </para>
/// <para>
/// Names come back normalised: lower-case, typographic apostrophes straight, whitespace collapsed, quotes and a
/// leading "the"/"my"/"our" dropped, trailing "please"/"thanks" dropped. A name of more than 40 characters, or with
/// characters other than letters, digits, spaces and ' - &amp; ., is not taken (null) rather than cut.
/// </para>
/// </remarks>
public static partial class PlaceNaming
{
    /// <summary>The longest name kept; longer ones are sentences, not names.</summary>
    public const int MaxNameLength = 40;

    private const int MaxWordsInThisIs = 3;
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private static readonly FrozenSet<string> _stopWords = FrozenSet.Create(
        StringComparer.Ordinal,
        // Adjectives people react with.
        "great", "amazing", "awesome", "good", "bad", "fun", "nice", "cool", "lovely", "beautiful", "gorgeous", "stunning",
        "perfect", "wonderful", "fantastic", "incredible", "brilliant", "excellent", "terrible", "horrible", "awful",
        "boring", "crazy", "insane", "wild", "weird", "funny", "cute", "delicious", "tasty", "yummy", "huge", "tiny",
        "big", "small", "expensive", "cheap", "busy", "quiet", "crowded", "packed", "empty", "closed", "open", "hot",
        "cold", "warm", "new", "old", "best", "worst", "better", "worse", "favourite", "favorite", "fine", "ok", "okay",
        "true", "false", "right", "wrong", "real", "serious", "important", "interesting", "hard", "easy", "sad", "happy",
        "epic", "unreal", "wow", "lol", "fire", "lit", "heaven", "paradise", "magic", "madness", "chaos", "fake", "free",
        "late", "early", "done", "over", "enough", "different", "same", "special", "silly", "lonely", "friendly",
        "lively", "ugly", "likely", "unlikely", "costly",
        // Intensifiers and negation.
        "so", "very", "really", "too", "quite", "pretty", "such", "not", "just", "definitely", "totally", "absolutely",
        "actually", "literally", "still", "also", "even", "only",
        // Pronouns and sentence words: "this is it", "this is where we met", "this is the one".
        "it", "that", "this", "these", "what", "where", "when", "how", "why", "who", "which", "me", "us", "him", "her",
        "them", "you", "we", "i", "all", "everything", "nothing", "something", "mine", "yours", "ours", "one", "life",
        "way", "end", "moment", "day", "time", "first", "last", "place", "spot", "location", "here", "there", "going",
        "gonna", "getting", "happening", "because", "if", "and", "or", "but", "for", "to", "in", "at", "on");

    /// <summary>The name being given to the just-shared location, or <see langword="null"/> when the message does not name it.</summary>
    public static string? TryParse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);

        var text = TrailingSymbolsRegex().Replace(
            message.Trim().Replace('\u2019', '\'').Replace('\u2018', '\'').ToLowerInvariant(), string.Empty);
        if (text.Length == 0 || text.EndsWith('?'))
            return null;

        if (SaveAsRegex().Match(text) is { Success: true } saveAs)
            return Normalise(saveAs.Groups["name"].Value, out _, out _);

        if (CallRegex().Match(text) is { Success: true } call)
            return Normalise(call.Groups["name"].Value, out _, out _) is { } called && !HasStopWord(called) ? called : null;

        if (!text.EndsWith('!') && ThisIsRegex().Match(text) is { Success: true } thisIs
            && Normalise(thisIs.Groups["name"].Value, out var words, out var hadArticle) is { } name
            && words <= MaxWordsInThisIs && !HasStopWord(name) && (hadArticle || !LooksLikeAdjective(name)))
            return name;

        return null;
    }

    /// <summary>Tidies a captured name; null when it is empty, too long, an "a/an" phrase or holds odd characters.</summary>
    private static string? Normalise(string raw, out int words, out bool hadArticle)
    {
        var name = WhitespaceRegex().Replace(raw, " ").Trim().Trim('"', '\'', '\u201C', '\u201D', '\u00AB', '\u00BB', ' ');
        name = TrailingPunctuationRegex().Replace(name, string.Empty);
        name = PoliteTailRegex().Replace(name, string.Empty);
        name = name.Trim().Trim('"', '\'', '\u201C', '\u201D', '\u00AB', '\u00BB', ' ');

        var article = ArticleRegex().Match(name);
        hadArticle = article.Success;
        if (hadArticle)
            name = name[article.Length..];

        words = name.Length == 0 ? 0 : name.Count(c => c == ' ') + 1;
        return name.Length is > 0 and <= MaxNameLength && NameRegex().IsMatch(name) && !IndefiniteRegex().IsMatch(name)
            ? name
            : null;
    }

    private static bool HasStopWord(string name) => name.Split(' ').Any(_stopWords.Contains);

    private static bool LooksLikeAdjective(string name)
    {
        var first = name.Split(' ')[0];
        return first.Length >= 5 && AdjectiveSuffixRegex().IsMatch(first);
    }

    // Emoji, their joiners and variation selectors, and whitespace at the end: "this is home 🏠".
    [GeneratedRegex(@"[\s\p{So}\p{Sk}\p{Cs}\uFE0F\u200D]+$", Options)]
    private static partial Regex TrailingSymbolsRegex();

    [GeneratedRegex(@"^(?:(?:please|pls|ok|okay)[\s,]+)?(?:save|remember|store|mark|bookmark|name|call|label|tag)\s+(?:this|it|here|this\s+(?:place|location|spot|pin|address))\s+as\s+(?<name>.+)$", Options)]
    private static partial Regex SaveAsRegex();

    // Without "as" the object must be "this (place)" or "here", never "it": "call it a day", "call it quits".
    [GeneratedRegex(@"^(?:(?:please|pls)[\s,]+)?(?:name|call|label)\s+(?:here|this(?:\s+(?:place|location|spot|pin|address))?)(?:\s*:\s*|\s+)(?<name>.+)$", Options)]
    private static partial Regex CallRegex();

    [GeneratedRegex(@"^(?:so\s+|ok\s+|okay\s+)?this\s+is\s+(?<name>.+)$", Options)]
    private static partial Regex ThisIsRegex();

    [GeneratedRegex(@"\s+", Options)]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"[\s.!,;:]+$", Options)]
    private static partial Regex TrailingPunctuationRegex();

    [GeneratedRegex(@"[\s,]+(?:please|pls|thanks|thank\s+you|thx)$", Options)]
    private static partial Regex PoliteTailRegex();

    [GeneratedRegex(@"^(?:the|my|our)(?:\s+|$)", Options)]
    private static partial Regex ArticleRegex();

    [GeneratedRegex(@"^(?:a|an)(?:\s|$)", Options)]
    private static partial Regex IndefiniteRegex();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}'&\-. ]*$", Options)]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"(?:ing|ed|ful|ous|ive|ble|ish|less)$", Options)]
    private static partial Regex AdjectiveSuffixRegex();
}
