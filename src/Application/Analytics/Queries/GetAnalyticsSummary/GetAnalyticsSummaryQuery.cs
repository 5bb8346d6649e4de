using System.Data.Common;
using Dapper;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Users;
using NodaTime;

namespace MemoryAssistant.Application.Analytics.Queries.GetAnalyticsSummary;

/// <summary>Totals by kind, memories per local day, top tags, duplicates absorbed, media reused, last ingest.</summary>
/// <param name="Days">How many local days the per-day series covers, ending today.</param>
public sealed record GetAnalyticsSummaryQuery(string? User = null, int Days = 30) : IQuery<AnalyticsSummaryDto>;

public sealed record AnalyticsSummaryDto(
    string? User,
    string TimeZone,
    TotalsDto Totals,
    IReadOnlyDictionary<string, long> MemoriesByKind,
    IReadOnlyDictionary<string, long> InteractionsByKind,
    IReadOnlyList<DayCountDto> MemoriesPerDay,
    IReadOnlyList<TagCountDto> TopTags,
    long DuplicatesAbsorbed,
    long MediaReused,
    long NearDuplicates,
    string? LastIngestAt,
    IReadOnlyList<MoodDayDto>? MoodPerDay = null,
    OutboundTotalsDto? Outbound = null);

/// <summary>Mood over time: notes per valence on one local day and their mean score (null on a day without notes).</summary>
public sealed record MoodDayDto(string Date, int Positive, int Neutral, int Negative, double? AverageScore, string? TopEmotion);

/// <summary>What the assistant sent on its own: reminders, digests, share offers; sent, failed, waiting, and how many as templates.</summary>
public sealed record OutboundTotalsDto(long Sent, long Failed, long Pending, long Templates, long ActiveReminders);

public sealed record TotalsDto(long Users, long Interactions, long Memories, long MediaAssets);

/// <param name="Date">Local date (yyyy-MM-dd) in the summary's zone.</param>
public sealed record DayCountDto(string Date, int Count, IReadOnlyDictionary<string, int> ByKind);

public sealed record TagCountDto(string Tag, long Count);

public sealed class GetAnalyticsSummaryQueryHandler(IReadDbConnectionFactory connections, IClock clock)
    : IRequestHandler<GetAnalyticsSummaryQuery, AnalyticsSummaryDto>
{
    public async Task<AnalyticsSummaryDto> Handle(GetAnalyticsSummaryQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var user = await UserLookup.FindOptionalAsync(connection, request.User);
        var zone = user?.TimeZone ?? DateTimeZone.Utc;
        var filter = new { userId = user?.Id };

        var totals = await connection.QuerySingleAsync<TotalsDto>(
            """
            SELECT (SELECT count(*) FROM users WHERE @userId IS NULL OR id = @userId) AS Users,
                   (SELECT count(*) FROM interactions WHERE @userId IS NULL OR user_id = @userId) AS Interactions,
                   (SELECT count(*) FROM memories WHERE @userId IS NULL OR user_id = @userId) AS Memories,
                   (SELECT count(DISTINCT im.media_asset_id) FROM interaction_media im JOIN interactions i ON i.id = im.interaction_id
                     WHERE im.media_asset_id IS NOT NULL AND (@userId IS NULL OR i.user_id = @userId)) AS MediaAssets
            """, filter);

        var memoriesByKind = await CountByAsync(connection, "SELECT kind, count(*) FROM memories WHERE @userId IS NULL OR user_id = @userId GROUP BY kind", filter);
        var interactionsByKind = await CountByAsync(connection, "SELECT kind, count(*) FROM interactions WHERE @userId IS NULL OR user_id = @userId GROUP BY kind", filter);

        // Days are local days: bucket in the zone here, since a fixed SQL offset is wrong across DST changes.
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var firstDay = today.PlusDays(1 - request.Days);
        var since = zone.AtStartOfDay(firstDay).ToInstant();
        var recent = (await connection.QueryAsync<(Instant OccurredAt, string Kind, string? Valence, double? Score, string? Emotion)>(
            "SELECT occurred_at, kind, mood_valence, mood_score, mood_emotion FROM memories WHERE (@userId IS NULL OR user_id = @userId) AND occurred_at >= @since",
            new { userId = user?.Id, since })).ToList();
        var byDay = recent.GroupBy(r => r.OccurredAt.InZone(zone).Date).ToDictionary(g => g.Key, g => g.ToList());
        var perDay = Enumerable.Range(0, request.Days).Select(firstDay.PlusDays).Select(day =>
        {
            var items = byDay.GetValueOrDefault(day) ?? [];
            return new DayCountDto(
                day.ToString("uuuu-MM-dd", null),
                items.Count,
                items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
        }).ToList();

        var moodPerDay = Enumerable.Range(0, request.Days).Select(firstDay.PlusDays).Select(day =>
        {
            var moods = (byDay.GetValueOrDefault(day) ?? []).Where(i => i.Valence is not null).ToList();
            return new MoodDayDto(
                day.ToString("uuuu-MM-dd", null),
                moods.Count(m => m.Valence == "positive"),
                moods.Count(m => m.Valence == "neutral"),
                moods.Count(m => m.Valence == "negative"),
                moods.Count == 0 ? null : Math.Round(moods.Average(m => m.Score ?? 0), 3),
                moods.Where(m => m.Emotion is not null).GroupBy(m => m.Emotion!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.Key);
        }).ToList();

        var outbound = await connection.QuerySingleAsync<OutboundTotalsDto>(
            """
            SELECT (SELECT count(*) FROM outbound_messages WHERE status = 'sent' AND (@userId IS NULL OR user_id = @userId)) AS Sent,
                   (SELECT count(*) FROM outbound_messages WHERE status = 'failed' AND (@userId IS NULL OR user_id = @userId)) AS Failed,
                   (SELECT count(*) FROM outbound_messages WHERE status IN ('pending', 'sending') AND (@userId IS NULL OR user_id = @userId)) AS Pending,
                   (SELECT count(*) FROM outbound_messages WHERE used_template = 1 AND (@userId IS NULL OR user_id = @userId)) AS Templates,
                   (SELECT count(*) FROM reminders WHERE status = 'active' AND (@userId IS NULL OR user_id = @userId)) AS ActiveReminders
            """, filter);

        // Through a tuple: with no rows SQLite types count(*) as a blob, which no record constructor matches.
        var topTags = (await connection.QueryAsync<(string Tag, long Count)>(
            """
            SELECT t.tag AS Tag, count(*) AS Count FROM memory_tags t JOIN memories m ON m.id = t.memory_id
            WHERE @userId IS NULL OR m.user_id = @userId
            GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT 10
            """, filter)).Select(t => new TagCountDto(t.Tag, t.Count)).ToList();

        var duplicates = await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(duplicate_deliveries), 0) FROM interactions WHERE @userId IS NULL OR user_id = @userId", filter);

        // A media asset linked from N messages was stored once and reused N-1 times.
        var mediaReused = await connection.ExecuteScalarAsync<long>(
            """
            SELECT coalesce(sum(uses - 1), 0) FROM (
              SELECT count(*) AS uses FROM interaction_media im JOIN interactions i ON i.id = im.interaction_id
              WHERE im.media_asset_id IS NOT NULL AND (@userId IS NULL OR i.user_id = @userId)
              GROUP BY im.media_asset_id)
            """, filter);

        // Photos stored as distinct files but recognised as the same picture as an earlier one.
        var nearDuplicates = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(DISTINCT a.id) FROM media_assets a
            JOIN interaction_media im ON im.media_asset_id = a.id JOIN interactions i ON i.id = im.interaction_id
            WHERE a.near_duplicate_of_id IS NOT NULL AND (@userId IS NULL OR i.user_id = @userId)
            """, filter);

        var lastIngest = await connection.ExecuteScalarAsync<Instant?>(
            "SELECT max(received_at) FROM interactions WHERE direction = 'inbound' AND (@userId IS NULL OR user_id = @userId)", filter);

        return new AnalyticsSummaryDto(
            user?.Number.Value, zone.Id, totals, memoriesByKind, interactionsByKind, perDay, topTags, duplicates, mediaReused, nearDuplicates,
            lastIngest is { } at ? LocalTimes.Iso(at, zone) : null, moodPerDay, outbound);
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountByAsync(DbConnection connection, string sql, object parameters) =>
        (await connection.QueryAsync<(string Key, long Count)>(sql, parameters)).ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal);
}
