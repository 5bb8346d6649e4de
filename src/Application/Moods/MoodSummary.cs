using System.Globalization;
using System.Text;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.Moods;

/// <summary>
/// The WhatsApp answer to "how have I been feeling?": a verdict with the counts behind it, the feelings named most,
/// the best and the hardest day with a line from each, and whether things got better or worse. Short enough to read
/// at a glance (under <see cref="MaxLength"/> characters), WhatsApp-formatted (*bold*).
/// </summary>
/// <remarks>
/// The verdict weighs positive against negative notes only: most saved notes are facts (a parking spot, a
/// password) and say nothing about a mood, so a week of three happy notes among twenty reminders is still
/// "mostly positive". Days are the user's local days.
/// </remarks>
public static class MoodSummary
{
    public const int MaxLength = 1000;

    /// <summary>At least this share of the notes with a feeling is positive (or negative) for "mostly".</summary>
    public const double MostlyShare = 0.65;

    /// <summary>The two halves' mean scores must differ by this much for a trend to be worth a sentence.</summary>
    public const double TrendDifference = 0.2;

    private const int MaxEmotions = 3;
    private const int MinNotesPerHalf = 2;
    private const int QuoteLength = 60;

    private static readonly Dictionary<string, string> _emotionEmoji = new(StringComparer.Ordinal)
    {
        ["joy"] = "😊", ["gratitude"] = "🙏", ["love"] = "❤️", ["excitement"] = "🎉", ["calm"] = "😌", ["pride"] = "💪",
        ["sadness"] = "😢", ["anger"] = "😠", ["fear"] = "😟", ["stress"] = "😬", ["tiredness"] = "😴",
        ["disappointment"] = "😞", ["surprise"] = "😮",
    };

    /// <param name="moods">The period's notes with their moods, in any order.</param>
    /// <param name="periodLabel">How the period reads in a sentence: "last week (Mon 16 Nov – Sun 22 Nov)", "the last 7 days".</param>
    /// <param name="zone">The user's zone: days are local days.</param>
    /// <param name="now">Dates outside the current year show their year.</param>
    public static string Compose(IReadOnlyList<(Instant At, Mood Mood, string Content)> moods, string periodLabel, DateTimeZone zone, Instant now)
    {
        ArgumentNullException.ThrowIfNull(moods);
        ArgumentNullException.ThrowIfNull(periodLabel);
        ArgumentNullException.ThrowIfNull(zone);

        if (moods.Count == 0)
        {
            return Fit($"📭 No notes from {periodLabel} to read a mood from. Tell me now and then how your day went "
                + "(e.g. _tired but happy after the hike_) and ask me again.");
        }

        var notes = moods.OrderBy(m => m.At).ToList();
        var positive = notes.Count(n => n.Mood.Valence == MoodValence.Positive);
        var negative = notes.Count(n => n.Mood.Valence == MoodValence.Negative);
        var neutral = notes.Count - positive - negative;

        var lines = new List<string>
        {
            $"🧭 *How you've been feeling* — {periodLabel}",
            $"{Verdict(positive, negative)} — {positive} positive, {neutral} neutral, {negative} negative "
                + $"({notes.Count} {(notes.Count == 1 ? "note" : "notes")}).",
        };

        if (positive + negative == 0)
        {
            lines.Add("Your notes were facts rather than feelings. Add a line about your day now and then and I'll read the mood from it.");
            return Fit(string.Join('\n', lines));
        }

        var emotions = notes.Where(n => n.Mood.Emotion is not null)
            .GroupBy(n => n.Mood.Emotion!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => IndexOf(g.Key))
            .Take(MaxEmotions)
            .Select(g => $"{_emotionEmoji.GetValueOrDefault(g.Key, "")} {g.Key} ×{g.Count()}".Trim())
            .ToList();
        if (emotions.Count > 0)
        {
            lines.Add($"*Feelings:* {string.Join(", ", emotions)}");
        }

        var (best, hardest) = BestAndHardestDays(notes, zone);
        if (best is not null)
        {
            lines.Add($"*Best day:* {Day(best.Date, now, zone)} — “{Quote(best.Content)}”");
        }

        if (hardest is not null)
        {
            lines.Add($"*Hardest day:* {Day(hardest.Date, now, zone)} — “{Quote(hardest.Content)}”");
        }

        if (Trend(notes) is { } trend)
        {
            lines.Add(trend);
        }

        return Fit(string.Join('\n', lines));
    }

    private static string Verdict(int positive, int negative)
    {
        if (positive + negative == 0)
        {
            return "Mostly neutral 😐";
        }

        var share = positive / (double)(positive + negative);
        return share >= MostlyShare ? "Mostly positive 😊"
            : share <= 1 - MostlyShare ? "Mostly negative 😔"
            : "Mixed, ups and downs 🌦️";
    }

    private static int IndexOf(string emotion)
    {
        for (var i = 0; i < Mood.Emotions.Count; i++)
        {
            if (Mood.Emotions[i] == emotion)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private sealed record DayPick(LocalDate Date, double Mean, string Content);

    // Best: the local day with the highest mean score among days with a positive note, quoted by its most positive
    // note; hardest likewise downwards. When both are the same day, the day's mean decides which it is (both if 0).
    private static (DayPick? Best, DayPick? Hardest) BestAndHardestDays(List<(Instant At, Mood Mood, string Content)> notes, DateTimeZone zone)
    {
        var days = notes.GroupBy(n => n.At.InZone(zone).Date)
            .Select(g => (Date: g.Key, Mean: g.Average(n => n.Mood.Score), Notes: g.ToList()))
            .ToList();

        var best = days.Where(d => d.Notes.Exists(n => n.Mood.Valence == MoodValence.Positive))
            .OrderByDescending(d => d.Mean).ThenByDescending(d => d.Date)
            .Select(d => new DayPick(d.Date, d.Mean, d.Notes.Where(n => n.Mood.Valence == MoodValence.Positive)
                .OrderByDescending(n => n.Mood.Score).ThenByDescending(n => n.At).First().Content))
            .FirstOrDefault();
        var hardest = days.Where(d => d.Notes.Exists(n => n.Mood.Valence == MoodValence.Negative))
            .OrderBy(d => d.Mean).ThenByDescending(d => d.Date)
            .Select(d => new DayPick(d.Date, d.Mean, d.Notes.Where(n => n.Mood.Valence == MoodValence.Negative)
                .OrderBy(n => n.Mood.Score).ThenByDescending(n => n.At).First().Content))
            .FirstOrDefault();

        if (best is not null && hardest is not null && best.Date == hardest.Date)
        {
            return best.Mean > 0 ? (best, null) : best.Mean < 0 ? (null, hardest) : (best, hardest);
        }

        return (best, hardest);
    }

    // Compares the notes before and after the middle of the time they span.
    private static string? Trend(List<(Instant At, Mood Mood, string Content)> notes)
    {
        var first = notes[0].At;
        var middle = first + ((notes[^1].At - first) / 2);
        var earlier = notes.Where(n => n.At <= middle).ToList();
        var later = notes.Where(n => n.At > middle).ToList();
        if (earlier.Count < MinNotesPerHalf || later.Count < MinNotesPerHalf)
        {
            return null;
        }

        var difference = later.Average(n => n.Mood.Score) - earlier.Average(n => n.Mood.Score);
        return difference >= TrendDifference ? "📈 Things looked up in the second half of the period."
            : difference <= -TrendDifference ? "📉 The second half of the period was harder than the first. Go easy on yourself."
            : null;
    }

    private static string Day(LocalDate date, Instant now, DateTimeZone zone) =>
        date.ToString(date.Year == now.InZone(zone).Year ? "ddd d MMM" : "ddd d MMM yyyy", CultureInfo.InvariantCulture);

    // One line: whitespace flattened, long notes cut at a word with an ellipsis, never inside an emoji.
    private static string Quote(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= QuoteLength)
        {
            return flat;
        }

        var cut = flat[..QuoteLength];
        var space = cut.LastIndexOf(' ');
        if (space > QuoteLength / 2)
        {
            cut = cut[..space];
        }
        else if (char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1];
        }

        return cut.TrimEnd(' ', ',', ';', ':', '.') + "…";
    }

    // Keeps whole lines while the reply fits under MaxLength (a very long period label is the only way to reach it).
    private static string Fit(string reply)
    {
        if (reply.Length < MaxLength)
        {
            return reply;
        }

        var builder = new StringBuilder();
        foreach (var line in reply.Split('\n'))
        {
            if (builder.Length + line.Length + 2 >= MaxLength)
            {
                break;
            }

            builder.Append(line).Append('\n');
        }

        if (builder.Length == 0)
        {
            var cut = reply[..(MaxLength - 2)];
            return (char.IsHighSurrogate(cut[^1]) ? cut[..^1] : cut) + "…";
        }

        return builder.Append('…').ToString();
    }
}
