using System.Data.Common;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Application.Memories.Queries;
using NodaTime;

namespace MemoryAssistant.Application.Memories.Recall;

/// <summary>
/// The recall pipeline shared by the REST search and WhatsApp questions: read the time phrase in the
/// user's zone, keep the content words, ask the memory layer, then re-check every hit against our DB.
/// </summary>
public static class MemoryRecall
{
    /// <param name="OccurredAt">The memory's instant, for callers that format times themselves.</param>
    public sealed record RecallHit(double Score, MemoryDto Memory, Instant OccurredAt);

    /// <param name="Layer">The memory layer that answered (empty when the question needed none).</param>
    /// <param name="DegradedReason">Set when the serving layer failed and the local index answered instead.</param>
    public sealed record Result(TimePhrase? TimePhrase, IReadOnlyList<string> Terms, IReadOnlyList<RecallHit> Hits, string Layer = "", string? DegradedReason = null);

    public static async Task<Result> RunAsync(
        DbConnection connection, MemorySearch search, RecallScope scope, string question, DateTimeZone zone, Instant now, int limit, CancellationToken cancellationToken,
        TimePhrase? period = null)
    {
        var userId = scope.UserId;
        // A follow-up ("what about the week before?") brings its own period; the question's own phrase is dropped.
        var parsed = TimePhraseParser.Parse(question, now, zone);
        var phrase = period is null ? parsed : period with { RemainingText = parsed?.RemainingText ?? question };
        var content = phrase?.RemainingText ?? question;
        var terms = SearchTerms.Extract(content);
        var interval = phrase?.Interval;

        if (terms.Count == 0)
        {
            // Nothing but a time phrase ("what did I save yesterday?"): everything in the period, newest first.
            var newest = await NewestAsync(connection, userId, interval, limit);
            return new Result(phrase, terms, newest.Select(r => new RecallHit(1.0, r.ToDto(), r.OccurredAt)).ToList());
        }

        var outcome = await search.SearchAsync(connection, new MemoryLayerQuery(userId, content, terms, interval, limit), scope.UserExternalId, zone, cancellationToken);
        var hits = outcome.Hits;
        var rows = await MemoryRow.ByIdsAsync(connection, hits.Select(h => h.MemoryId).ToList());
        var scores = hits.ToDictionary(h => h.MemoryId, h => h.Score);

        // Our DB is the source of truth: a layer that ignores filters must not leak another user's memory
        // or one outside the asked period.
        var hitsInScope = rows
            .Where(r => interval is null || interval.Contains(r.OccurredAt))
            .Where(r => userId is null || r.UserId == userId)
            .Select(r => new RecallHit(scores[r.Id], r.ToDto(), r.OccurredAt))
            .OrderByDescending(h => h.Score).ThenByDescending(h => h.OccurredAt)
            .ToList();
        return new Result(phrase, terms, hitsInScope, outcome.Layer, outcome.DegradedReason);
    }

    /// <summary>Whose memories: one user (by our id and the opaque id remote layers know), or everyone.</summary>
    public sealed record RecallScope(long? UserId, string? UserExternalId)
    {
        public static RecallScope Everyone { get; } = new(null, null);
    }

    private static async Task<IReadOnlyList<MemoryRow>> NewestAsync(DbConnection connection, long? userId, TimeInterval? interval, int limit) =>
        (await connection.QueryAsync<MemoryRow>(
            MemoryRow.Select + """

            WHERE (@userId IS NULL OR m.user_id = @userId)
              AND (@from IS NULL OR m.occurred_at >= @from) AND (@to IS NULL OR m.occurred_at < @to)
            ORDER BY m.occurred_at DESC, m.id DESC
            LIMIT @limit
            """,
            new { userId, from = interval?.Start, to = interval?.End, limit })).ToList();
}
