using System.Data.Common;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Application.Memories.Queries;
using MemoryAssistant.Application.Places;
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
    /// <param name="Place">The area the question named ("near the office"), which every hit lies in.</param>
    public sealed record Result(
        TimePhrase? TimePhrase, IReadOnlyList<string> Terms, IReadOnlyList<RecallHit> Hits, string Layer = "", string? DegradedReason = null, GeoArea? Place = null);

    /// <summary>With a place, the layer is asked for this many candidates before they are kept to the area.</summary>
    private const int PlaceCandidates = 300;

    public static async Task<Result> RunAsync(
        DbConnection connection, MemorySearch search, RecallScope scope, string question, DateTimeZone zone, Instant now, int limit, CancellationToken cancellationToken,
        TimePhrase? period = null, PlaceResolver? places = null)
    {
        var userId = scope.UserId;
        // A follow-up ("what about the week before?") brings its own period; the question's own phrase is dropped.
        var parsed = TimePhraseParser.Parse(question, now, zone);
        var phrase = period is null ? parsed : period with { RemainingText = parsed?.RemainingText ?? question };
        var content = phrase?.RemainingText ?? question;
        // "what did I save near the office?": the place becomes a filter, the rest is what to look for.
        var located = places is null ? null : await places.ResolveAsync(connection, userId, content);
        var area = located?.Area;
        if (located is { } found)
            content = found.RemainingText;
        var terms = SearchTerms.Extract(content);
        var interval = phrase?.Interval;
        var inArea = area is null ? null : await InAreaAsync(connection, userId, area, interval);

        if (terms.Count == 0)
        {
            // Nothing but a time phrase or a place ("what did I save yesterday?"): everything there, newest first.
            var newest = await NewestAsync(connection, userId, interval, limit, inArea);
            return new Result(phrase, terms, newest.Select(r => new RecallHit(1.0, r.ToDto(), r.OccurredAt)).ToList(), Place: area);
        }

        if (inArea is { Count: 0 })
            return new Result(phrase, terms, [], Place: area);
        var outcome = await search.SearchAsync(
            connection, new MemoryLayerQuery(userId, content, terms, interval, inArea is null ? limit : Math.Max(limit, PlaceCandidates)), scope.UserExternalId, zone, cancellationToken);
        var hits = inArea is null ? outcome.Hits : outcome.Hits.Where(h => inArea.Contains(h.MemoryId)).Take(limit).ToList();
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
        return new Result(phrase, terms, hitsInScope, outcome.Layer, outcome.DegradedReason, area);
    }

    /// <summary>Ids of the user's memories within the area (and period): a latitude band narrows, geo_distance_km decides.</summary>
    private static async Task<HashSet<long>> InAreaAsync(DbConnection connection, long? userId, GeoArea area, TimeInterval? interval)
    {
        var box = GeoMath.BoundingBox(area.Latitude, area.Longitude, area.RadiusKm);
        var ids = await connection.QueryAsync<long>(
            """
            SELECT m.id FROM memories m
            WHERE (@userId IS NULL OR m.user_id = @userId)
              AND m.latitude BETWEEN @minLat AND @maxLat
              AND geo_distance_km(m.latitude, m.longitude, @lat, @lon) <= @radius
              AND (@from IS NULL OR m.occurred_at >= @from) AND (@to IS NULL OR m.occurred_at < @to)
            """,
            new { userId, minLat = box.MinLatitude, maxLat = box.MaxLatitude, lat = area.Latitude, lon = area.Longitude, radius = area.RadiusKm, from = interval?.Start, to = interval?.End });
        return ids.ToHashSet();
    }

    /// <summary>Whose memories: one user (by our id and the opaque id remote layers know), or everyone.</summary>
    public sealed record RecallScope(long? UserId, string? UserExternalId)
    {
        public static RecallScope Everyone { get; } = new(null, null);
    }

    private static async Task<IReadOnlyList<MemoryRow>> NewestAsync(DbConnection connection, long? userId, TimeInterval? interval, int limit, HashSet<long>? only = null) =>
        (await connection.QueryAsync<MemoryRow>(
            MemoryRow.Select + $"""

            WHERE (@userId IS NULL OR m.user_id = @userId)
              AND (@from IS NULL OR m.occurred_at >= @from) AND (@to IS NULL OR m.occurred_at < @to)
              {(only is null ? "" : "AND m.id IN @only")}
            ORDER BY m.occurred_at DESC, m.id DESC
            LIMIT @limit
            """,
            new { userId, from = interval?.Start, to = interval?.End, limit, only })).ToList();
}
