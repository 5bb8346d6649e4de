using System.Globalization;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary>
/// The memory layer with no keys and no network: an SQLite FTS5 index (porter stemming, BM25 ranking)
/// beside the memories table, in the same database. Indexing joins the caller's transaction, so a memory
/// and its index entry commit together. Semantic vectors plug in beside the keyword candidates later
/// (see docs/decisions/0004-embedded-memory-engine.md).
/// </summary>
public sealed class EmbeddedMemoryEngine(ApplicationDbContext db, IReadDbConnectionFactory connections) : IMemoryIndex
{
    public const string LayerName = "embedded";

    public string Name => LayerName;

    public async Task<string> AddAsync(MemoryToIndex memory, CancellationToken cancellationToken)
    {
        var tags = string.Join(' ', memory.Tags);
        await db.Database.ExecuteSqlAsync($"DELETE FROM memory_index WHERE rowid = {memory.MemoryId}", cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO memory_index (rowid, content, tags) VALUES ({memory.MemoryId}, {memory.Content}, {tags})", cancellationToken);
        return memory.MemoryId.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<MemoryLayerHit>> SearchAsync(MemoryLayerQuery query, CancellationToken cancellationToken)
    {
        var match = FtsQuery.AnyOf(query.Terms);
        if (match is null)
            return [];

        await using var connection = await connections.OpenAsync(cancellationToken);
        // BM25 (lower is better) with tags weighted below the text; recency breaks ties.
        var rows = await connection.QueryAsync<(long MemoryId, double Rank)>(
            new CommandDefinition(
                """
                SELECT m.id, bm25(memory_index, 1.0, 0.5) AS rank
                FROM memory_index JOIN memories m ON m.id = memory_index.rowid
                WHERE memory_index MATCH @match
                  AND (@userId IS NULL OR m.user_id = @userId)
                  AND (@from IS NULL OR m.occurred_at >= @from) AND (@to IS NULL OR m.occurred_at < @to)
                  AND (@unsyncedOnly = 0 OR m.sync_state <> 'synced' OR m.layer_memory_id IS NULL)
                ORDER BY rank, m.occurred_at DESC, m.id DESC
                LIMIT @limit
                """,
                new { match, userId = query.UserId, from = query.Interval?.Start, to = query.Interval?.End, unsyncedOnly = query.UnsyncedOnly, limit = query.Limit },
                cancellationToken: cancellationToken));
        var best = rows.Select(r => r.Rank).DefaultIfEmpty(0).Min();
        return rows.Select(r => new MemoryLayerHit(r.MemoryId, RelativeScore(r.Rank, best))).ToList();
    }

    public async Task DeleteAsync(long memoryId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM memory_index WHERE rowid = {memoryId}", cancellationToken);

    // SQLite's bm25() is negative, unbounded and near zero in small collections (IDF vanishes), so an
    // absolute mapping says little: the score is relevance relative to this query's best hit (1 = best).
    private static double RelativeScore(double rank, double best) =>
        best >= -1e-9 ? 1.0 : Math.Clamp(rank / best, 0, 1);
}
