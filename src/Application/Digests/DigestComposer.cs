using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Conversations;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.Digests;

/// <summary>
/// The texts of the daily digest ("on this day", today's reminders, yesterday's notes) and the weekly summary
/// (what was saved, top tags, mood). Null when there is nothing worth a message: a quiet day sends nothing.
/// </summary>
public static class DigestComposer
{
    private const int MaxItems = 5;

    private sealed record Item(Instant OccurredAt, string Kind, string Content, string? MoodValence, string? MoodEmotion);

    private sealed record Due(Instant NextDueAt, string What);

    public static async Task<string?> DailyAsync(DbConnection connection, long userId, DateTimeZone zone, LocalDate day, Instant now)
    {
        var dayStart = zone.AtStartOfDay(day).ToInstant();
        var dayEnd = zone.AtStartOfDay(day.PlusDays(1)).ToInstant();
        var yesterdayStart = zone.AtStartOfDay(day.PlusDays(-1)).ToInstant();

        var yesterday = await ItemsAsync(connection, userId, yesterdayStart, dayStart);
        var reminders = (await connection.QueryAsync<Due>(
            """
            SELECT next_due_at AS NextDueAt, what AS What FROM reminders
            WHERE user_id = @userId AND status = 'active' AND next_due_at >= @from AND next_due_at < @to
            ORDER BY next_due_at LIMIT @max
            """, new { userId, from = now, to = dayEnd, max = MaxItems })).ToList();

        // "On this day": the same date in earlier years; a young account gets a month ago, then a week ago.
        var earlier = new List<(string Label, Item Item)>();
        for (var years = 1; years <= 5; years++)
        {
            var then = day.PlusYears(-years);
            foreach (var item in await ItemsAsync(connection, userId, zone.AtStartOfDay(then).ToInstant(), zone.AtStartOfDay(then.PlusDays(1)).ToInstant(), 2))
                earlier.Add((years == 1 ? "a year ago" : $"{years} years ago", item));
        }

        foreach (var (label, then) in new[] { ("a month ago", day.PlusMonths(-1)), ("a week ago", day.PlusWeeks(-1)) })
        {
            if (earlier.Count > 0)
                break;
            foreach (var item in await ItemsAsync(connection, userId, zone.AtStartOfDay(then).ToInstant(), zone.AtStartOfDay(then.PlusDays(1)).ToInstant(), 2))
                earlier.Add((label, item));
        }

        if (yesterday.Count == 0 && reminders.Count == 0 && earlier.Count == 0)
            return null;

        var text = new StringBuilder($"☀️ *Your digest* — {LocalTimes.Day(day)}\n");
        if (earlier.Count > 0)
        {
            text.Append("\n*On this day*\n");
            foreach (var (label, item) in earlier)
                text.Append(CultureInfo.InvariantCulture, $"• {WhatsAppReplies.Emoji(item.Kind)} {label}: {WhatsAppReplies.Quote(item.Content)}\n");
        }

        if (reminders.Count > 0)
        {
            text.Append("\n*Today's reminders*\n");
            foreach (var due in reminders)
                text.Append(CultureInfo.InvariantCulture, $"• ⏰ {due.NextDueAt.InZone(zone).TimeOfDay:HH:mm} {WhatsAppReplies.Quote(due.What)}\n");
        }

        if (yesterday.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n*Yesterday* ({Count(yesterday.Count, "memory", "memories")})\n");
            foreach (var item in yesterday.Take(MaxItems))
                text.Append(CultureInfo.InvariantCulture, $"• {WhatsAppReplies.Emoji(item.Kind)} {WhatsAppReplies.Quote(item.Content)}\n");
        }

        text.Append("\n_/digest off to stop these_");
        return WhatsAppReplies.Fit(text.ToString());
    }

    /// <summary>The seven days up to the end of <paramref name="day"/>.</summary>
    public static async Task<string?> WeeklyAsync(DbConnection connection, long userId, DateTimeZone zone, LocalDate day)
    {
        var from = zone.AtStartOfDay(day.PlusDays(-6)).ToInstant();
        var to = zone.AtStartOfDay(day.PlusDays(1)).ToInstant();
        var items = await ItemsAsync(connection, userId, from, to, 500);
        if (items.Count == 0)
            return null;

        var tags = (await connection.QueryAsync<(string Tag, long Count)>(
            """
            SELECT t.tag, COUNT(*) FROM memory_tags t JOIN memories m ON m.id = t.memory_id
            WHERE m.user_id = @userId AND m.occurred_at >= @from AND m.occurred_at < @to
            GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT 3
            """, new { userId, from, to })).ToList();

        var text = new StringBuilder($"🗓️ *Your week* — {LocalTimes.Day(day.PlusDays(-6))} – {LocalTimes.Day(day)}\n\n");
        var byKind = items.GroupBy(i => i.Kind).OrderByDescending(g => g.Count())
            .Select(g => $"{WhatsAppReplies.Emoji(g.Key)} {Count(g.Count(), KindName(g.Key), KindName(g.Key) + "s")}");
        text.Append("Saved: ").Append(string.Join(", ", byKind)).Append('\n');
        if (tags.Count > 0)
            text.Append("Top tags: ").Append(string.Join(' ', tags.Select(t => "#" + t.Tag))).Append('\n');

        var moods = items.Where(i => i.MoodValence is not null).ToList();
        if (moods.Count > 0)
        {
            var positive = moods.Count(i => i.MoodValence == "positive");
            var negative = moods.Count(i => i.MoodValence == "negative");
            var verdict = positive > negative * 2 ? "mostly upbeat 😊" : negative > positive * 2 ? "a tough week 💛" : "a mixed week";
            var emotion = moods.Where(i => i.MoodEmotion is not null).GroupBy(i => i.MoodEmotion).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
            text.Append(CultureInfo.InvariantCulture, $"Mood: {verdict} ({positive} positive, {negative} negative{(emotion is null ? "" : $", most often {emotion}")})\n");
        }

        text.Append("\n*Highlights*\n");
        foreach (var item in items.OrderByDescending(i => i.Kind != "text").ThenByDescending(i => i.OccurredAt).Take(3))
            text.Append(CultureInfo.InvariantCulture, $"• {WhatsAppReplies.Emoji(item.Kind)} {WhatsAppReplies.Quote(item.Content)}\n");
        text.Append("\n_/digest off to stop these_");
        return WhatsAppReplies.Fit(text.ToString());
    }

    private static async Task<List<Item>> ItemsAsync(DbConnection connection, long userId, Instant from, Instant to, int limit = 50) =>
        (await connection.QueryAsync<Item>(
            """
            SELECT occurred_at AS OccurredAt, kind AS Kind, content AS Content, mood_valence AS MoodValence, mood_emotion AS MoodEmotion
            FROM memories WHERE user_id = @userId AND occurred_at >= @from AND occurred_at < @to
            ORDER BY occurred_at DESC, id DESC LIMIT @limit
            """, new { userId, from, to, limit })).ToList();

    private static string KindName(string kind) => kind switch { "image" => "photo", "audio" => "voice note", "location" => "place", _ => "note" };

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";
}
