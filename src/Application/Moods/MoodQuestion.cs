using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using MemoryAssistant.Application.Common.Time;
using NodaTime;

namespace MemoryAssistant.Application.Moods;

/// <summary>
/// Recognises "how have I been feeling?" in its common forms ("how was my mood last month", "what's my mood been
/// like", "/mood last week", "mood this week") and reads the period it asks about.
/// </summary>
/// <remarks>
/// The whole message must be the question: once its time phrase is taken out, nothing but the question and filler
/// ("lately", "overall") may remain, so a note like "in a good mood today" or "mood board for the wedding" is still
/// saved as a note, and "how do I feel about the trip" stays a search. "/mood" is always the question, whatever follows.
/// </remarks>
public static partial class MoodQuestion
{
    /// <summary>The period when the question names none: the last seven days up to now.</summary>
    public const string DefaultLabel = "the last 7 days";

    public static readonly Duration DefaultPeriod = Duration.FromDays(7);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>
    /// True when <paramref name="message"/> asks about the user's mood; <paramref name="period"/> is then the period
    /// it names (read by <see cref="TimePhraseParser"/> in <paramref name="zone"/>) or the last 7 days up to
    /// <paramref name="now"/>.
    /// </summary>
    public static bool TryParse(string message, Instant now, DateTimeZone zone, [NotNullWhen(true)] out TimePhrase? period)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(zone);
        period = null;

        var text = message.Trim().Replace('\u2019', '\'');
        if (text.Length == 0)
        {
            return false;
        }

        var phrase = TimePhraseParser.Parse(text, now, zone);
        var rest = phrase?.RemainingText ?? text;
        if (!CommandRegex().IsMatch(text) && !QuestionRegex().IsMatch(rest))
        {
            return false;
        }

        period = phrase ?? new TimePhrase(new TimeInterval(now - DefaultPeriod, now), DefaultLabel, DefaultLabel, rest);
        return true;
    }

    [GeneratedRegex(@"^/moods?(?:\s|$)", Options)]
    private static partial Regex CommandRegex();

    // Opening courtesy, one of the question's stems, optional filler, then only punctuation, symbols and emoji.
    [GeneratedRegex(
        @"^(?:(?:hey|hi|so|ok|okay)\b[,!]?\s*)?(?:(?:please|can\s+you|could\s+you)\s+)?(?:(?:tell|show|give)\s+me\s+)?"
        + @"(?:"
        + @"how(?:\s+have|'ve)\s+i\s+been(?:\s+(?:feeling|doing))?"
        + @"|how\s+i(?:'ve|\s+have)\s+been\s+feeling"
        + @"|how\s+(?:am|was|were)\s+i\s+feeling"
        + @"|how\s+(?:do|did)\s+i\s+feel"
        + @"|(?:how|what)(?:'s|s|\s+is|\s+was|\s+has|\s+have|\s+were)\s+(?:my|the)\s+moods?(?:\s+been)?(?:\s+like)?"
        + @"|(?:my\s+)?moods?(?:\s+(?:summary|report|check|overview|recap))?"
        + @")"
        + @"(?:\s+(?:lately|recently|overall|in\s+general|these\s+days|so\s+far|then|been|like))*"
        + @"[\s\p{P}\p{S}\p{Cs}\p{Mn}]*$",
        Options)]
    private static partial Regex QuestionRegex();
}
