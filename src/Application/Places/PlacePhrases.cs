using System.Collections.Frozen;
using System.Text.RegularExpressions;

using MemoryAssistant.Application.Common.Text;

namespace MemoryAssistant.Application.Places;

/// <param name="Name">The place as it passed the caller's check: as written, minus a leading "the"/"my"/"our".</param>
/// <param name="Near">
/// True for "(from) near / near to / nearby / close to / next to / around X" (search a radius around the place); false for
/// "at / in / from / taken in X" (the place itself, e.g. the city's own radius).
/// </param>
/// <param name="RemainingText">The question without the phrase, whitespace and punctuation tidied, for the time
/// phrase and topic words that are still in it.</param>
public sealed record PlacePhrase(string Name, bool Near, string RemainingText);

/// <summary>
/// Finds where a question is about: "near the office", "around the gym", "close to work", "photos from Lisbon",
/// "taken in Porto", "at work today". A name only counts when the caller knows it (the user's named places or a
/// gazetteer city), so "in 2 hours", "in the morning", "from last week", "in December" and "at 9" are not places.
/// </summary>
/// <remarks>
/// <para>
/// After the preposition and an optional "the"/"my"/"our", up to three words are read; the candidate stops early
/// at a number ("9", "5pm", "2"), a time word ("today", "last", "morning", month and weekday names) or a function
/// word ("and", "with", "in", ...), so "at work today" offers "work" and "in Lisbon last week" offers "Lisbon".
/// The longest candidate is asked first ("New York" before "New"). When none is known and the article was "the",
/// the same words are asked again with it ("The Hague"). The leftmost phrase whose name is known wins.
/// </para>
/// <para>
/// The check receives the name as written (typographic apostrophes made straight), so it must compare without
/// regard to case. Gazetteer names include ordinary words ("Nice", "Split", "Reading", "Van", "Man"); a caller
/// worried about "photos from nice days" can require a capital letter for gazetteer-only hits.
/// </para>
/// </remarks>
public static partial class PlacePhrases
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const string WordPattern = @"[\p{L}\p{N}]+(?:['\u2019\-.&][\p{L}\p{N}]+)*";

    // Words that end a candidate name: they belong to a time phrase or the rest of the sentence, never to a place.
    private static readonly FrozenSet<string> _stopWords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night", "noon", "midnight",
        "weekend", "week", "weeks", "month", "months", "year", "years", "day", "days", "hour", "hours", "minute", "minutes",
        "ago", "last", "next", "this", "that", "these", "those", "past", "previous", "early", "late", "earlier", "later",
        "now", "then", "once", "again", "recently", "lately",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "a", "an", "and", "or", "but", "with", "without", "on", "in", "at", "from", "near", "nearby", "around", "to", "for",
        "about", "by", "during", "since", "before", "after", "while", "when", "where", "what", "which", "who", "how", "why",
        "i", "me", "we", "you", "he", "she", "it", "they", "them", "there", "here", "is", "was", "were", "are",
        "some", "any", "all", "least", "most", "too", "also", "please");

    /// <summary>
    /// The leftmost place phrase of <paramref name="question"/> whose name <paramref name="isKnownPlace"/> accepts,
    /// or <see langword="null"/> when there is none.
    /// </summary>
    /// <param name="isKnownPlace">Whether a name is a place (case-insensitive): the user's named places or a city.</param>
    public static PlacePhrase? Find(string question, Func<string, bool> isKnownPlace)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(isKnownPlace);

        foreach (Match lead in LeadRegex().Matches(question))
        {
            var words = WordsRegex().Match(question, lead.Index + lead.Length);
            if (!words.Success)
                continue;

            var captures = words.Groups["w"].Captures;
            var usable = 0;
            while (usable < captures.Count && !IsStopWord(captures[usable].Value))
                usable++;

            var article = lead.Groups["det"].Success ? lead.Groups["det"].Value : null;
            if (Resolve(question, lead, captures, usable, null, isKnownPlace) is { } phrase)
                return phrase;
            if (string.Equals(article, "the", StringComparison.OrdinalIgnoreCase)
                && Resolve(question, lead, captures, usable, article, isKnownPlace) is { } withArticle)
                return withArticle;
        }

        return null;
    }

    private static PlacePhrase? Resolve(string question, Match lead, CaptureCollection words, int usable, string? article, Func<string, bool> isKnownPlace)
    {
        for (var count = usable; count >= 1; count--)
        {
            var name = string.Join(' ', words.Take(count).Select(w => w.Value)).Replace('\u2019', '\'');
            if (article is not null)
                name = article + " " + name;
            if (!isKnownPlace(name))
                continue;

            var last = words[count - 1];
            return new PlacePhrase(name, lead.Groups["near"].Success, Remove(question, lead.Index, last.Index + last.Length));
        }

        return null;
    }

    private static bool IsStopWord(string word) => _stopWords.Contains(word) || NumberRegex().IsMatch(word);

    private static string Remove(string text, int start, int end)
    {
        return PhraseText.Tidy(string.Concat(text.AsSpan(0, start), " ", text.AsSpan(end)));
    }

    // "taken" / "shot" / "snapped" belong to the phrase: "photos taken in Porto" leaves "photos"; so does the
    // "from" of "from around / from near X".
    [GeneratedRegex(@"\b(?:(?:taken|shot|snapped)\s+)?(?:(?:from\s+)?(?<near>near(?:\s+to\b)?|nearby|close\s+to|next\s+to|around)|(?<at>at|in|from))\s+(?:(?<det>the|my|our)\s+)?", Options)]
    private static partial Regex LeadRegex();

    // \G: the words must start right where the lead ended; at most three. Only spaces and tabs join words, never a line break.
    [GeneratedRegex(@"\G(?<w>" + WordPattern + @")(?:[ \t]+(?<w>" + WordPattern + @")){0,2}", Options)]
    private static partial Regex WordsRegex();

    // "9", "10:30", "5pm", "2nd", "90s": times and counts, not names ("7-eleven" still is one).
    [GeneratedRegex(@"^\d+(?:[:.]\d+)?(?:am|pm|h|hrs?|min|s|st|nd|rd|th)?$", Options)]
    private static partial Regex NumberRegex();





}
