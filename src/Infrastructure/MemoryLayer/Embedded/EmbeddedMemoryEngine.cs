using System.Globalization;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary>
/// The memory layer with no keys and no network, in the same SQLite database as the memories: an FTS5
/// keyword index (porter stemming, BM25) and, when a model is available, one sentence vector per memory.
/// Search is hybrid: BM25 candidates and nearest-vector candidates, ranked together by
/// <see cref="HybridRanker"/>. Indexing joins the caller's transaction, so a memory, its index entry and its
/// vector commit together (see docs/decisions/0004-embedded-memory-engine.md and 0010).
/// </summary>
public sealed class EmbeddedMemoryEngine(
    ApplicationDbContext db,
    IReadDbConnectionFactory connections,
    MemoryEmbeddings embeddings,
    MemoryVectorCache vectors,
    MemoryVectorBackfill.Signal backfill,
    ILogger<EmbeddedMemoryEngine> logger) : IMemoryIndex
{
    public const string LayerName = "embedded";

    /// <summary>Candidates taken from each signal before ranking.</summary>
    private const int CandidatesPerSignal = 60;

    public string Name => LayerName;

    public async Task<string> AddAsync(MemoryToIndex memory, CancellationToken cancellationToken) =>
        (await AddAsync([memory], cancellationToken))[0];

    public async Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<MemoryToIndex> memories, CancellationToken cancellationToken)
    {
        if (memories.Count == 0)
            return [];

        // One statement per table for the whole list (a note batch saves up to 64 at once), through EF so it runs
        // on the context's connection and transaction: the entries commit with their memories.
        var rowIds = Placeholders(memories.Count, 1, 0);
        var rows = Placeholders(memories.Count, 3, memories.Count);
        var values = memories.Select(m => (object)m.MemoryId)
            .Concat(memories.SelectMany(m => new object[] { m.MemoryId, m.Content, string.Join(' ', m.Tags) }));
        // Only generated placeholders go into the SQL text; every value is a parameter.
        var indexSql = $"DELETE FROM memory_index WHERE rowid IN ({rowIds}); INSERT INTO memory_index (rowid, content, tags) VALUES {rows};";
        await db.Database.ExecuteSqlRawAsync(indexSql, values, cancellationToken);

        if (embeddings is { Enabled: true, IsLocal: false })
        {
            db.AfterCommit(backfill.MemoriesAdded);
        }
        else if (embeddings is { Enabled: true, ModelId: { } model })
        {
            var entries = new List<(long UserId, MemoryVectorCache.Entry Entry)>(memories.Count);
            var vectorValues = new List<object>(memories.Count * 4);
            foreach (var memory in memories)
            {
                var vector = await embeddings.EmbedAsync(memory.Content, cancellationToken);
                vectorValues.AddRange([memory.MemoryId, memory.UserId, model, MemoryVectorCache.ToBlob(vector)]);
                entries.Add((memory.UserId, new MemoryVectorCache.Entry(memory.MemoryId, memory.OccurredAt.ToUnixTimeMilliseconds(), vector)));
            }

            var vectorSql = $"INSERT OR REPLACE INTO memory_vectors (memory_id, user_id, model, vector) VALUES {Placeholders(memories.Count, 4, 0)}";
            await db.Database.ExecuteSqlRawAsync(vectorSql, vectorValues, cancellationToken);
            db.AfterCommit(() =>
            {
                foreach (var (userId, entry) in entries)
                    vectors.Upsert(userId, model, entry);
            });
        }

        return memories.Select(m => m.MemoryId.ToString(CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary><paramref name="rows"/> tuples of <paramref name="width"/> EF placeholders ({n}), numbered from <paramref name="first"/>.</summary>
    private static string Placeholders(int rows, int width, int first) =>
        string.Join(", ", Enumerable.Range(0, rows).Select(r =>
        {
            var cells = string.Join(", ", Enumerable.Range(0, width).Select(c => $"{{{first + r * width + c}}}"));
            return width == 1 ? cells : $"({cells})";
        }));

    public async Task<IReadOnlyList<MemoryLayerHit>> SearchAsync(MemoryLayerQuery query, CancellationToken cancellationToken)
    {
        if (query.Terms.Count == 0)
            return [];
        if (HybridRanker.OnlyKindWords(query.Terms))
            return await NewestOfKindAsync(query, HybridRanker.KindOf(query.Terms)!, cancellationToken);
        if (!embeddings.Enabled)
        {
            var keyword = await KeywordAsync(query, query.Limit, cancellationToken);
            return keyword.Select(k => new MemoryLayerHit(k.MemoryId, k.Score)).ToList();
        }

        return await HybridAsync(query, cancellationToken);
    }

    public async Task DeleteAsync(long memoryId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM memory_index WHERE rowid = {memoryId}", cancellationToken);

    public async Task DeleteUserAsync(long userId, CancellationToken cancellationToken)
    {
        // Deleting the memories would take both along too (trigger, cascade); removing them by user first also covers
        // a vector whose memory row is already gone, and the cached vectors are dropped only once this commits.
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM memory_index WHERE rowid IN (SELECT id FROM memories WHERE user_id = {userId})", cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM memory_vectors WHERE user_id = {userId}", cancellationToken);
        // FTS5 only marks deleted rows: their words stay in the index's segments until those are merged. Merging them
        // all now leaves nothing of the user's words readable there (it rewrites the index: erasing is rare).
        await db.Database.ExecuteSqlRawAsync("INSERT INTO memory_index (memory_index) VALUES ('optimize')", cancellationToken);
        db.AfterCommit(() => vectors.Forget(userId));
    }

    private async Task<IReadOnlyList<MemoryLayerHit>> HybridAsync(MemoryLayerQuery query, CancellationToken cancellationToken)
    {
        var model = embeddings.ModelId!;
        var keyword = (await KeywordAsync(query, CandidatesPerSignal, cancellationToken)).ToDictionary(k => k.MemoryId, k => k.Score);

        float[] queryVector;
        try
        {
            queryVector = await embeddings.EmbedAsync(string.Join(' ', HybridRanker.SplitKind(query.Terms).ContentTerms), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A remote embedder that fails must not fail recall: keywords still answer.
            logger.LogWarning(ex, "Embedding the question failed; searching keywords only");
            return (await KeywordAsync(query, query.Limit, cancellationToken)).Select(k => new MemoryLayerHit(k.MemoryId, k.Score)).ToList();
        }

        var pool = query.UserId is { } userId
            ? await vectors.ForUserAsync(userId, model, cancellationToken)
            : await vectors.AllAsync(model, cancellationToken);
        long? from = query.Interval?.Start.ToUnixTimeMilliseconds(), to = query.Interval?.End.ToUnixTimeMilliseconds();
        var cosines = new Dictionary<long, double>();
        var nearest = new PriorityQueue<long, double>();
        foreach (var entry in pool)
        {
            if ((from is { } f && entry.OccurredAtMs < f) || (to is { } t && entry.OccurredAtMs >= t) || entry.Vector.Length != queryVector.Length)
                continue;
            var cosine = Dot(queryVector, entry.Vector);
            cosines[entry.MemoryId] = cosine;
            nearest.Enqueue(entry.MemoryId, cosine);
            if (nearest.Count > CandidatesPerSignal)
                nearest.Dequeue();
        }

        var ids = keyword.Keys.Concat(nearest.UnorderedItems.Select(i => i.Element)).Distinct().ToList();
        if (ids.Count == 0)
            return [];

        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Content, string Kind, long OccurredAt)>(
            new CommandDefinition(
                """
                SELECT m.id, m.content, m.kind, m.occurred_at FROM memories m
                WHERE m.id IN @ids
                  AND (@userId IS NULL OR m.user_id = @userId)
                  AND (@from IS NULL OR m.occurred_at >= @from) AND (@to IS NULL OR m.occurred_at < @to)
                  AND (@unsyncedOnly = 0 OR m.sync_state <> 'synced' OR m.layer_memory_id IS NULL)
                """,
                new { ids, userId = query.UserId, from, to, unsyncedOnly = query.UnsyncedOnly },
                cancellationToken: cancellationToken));
        var occurred = new Dictionary<long, long>();
        var candidates = rows.Select(r =>
        {
            occurred[r.Id] = r.OccurredAt;
            return new HybridRanker.Candidate(r.Id, r.Content, r.Kind, cosines.GetValueOrDefault(r.Id), keyword.GetValueOrDefault(r.Id));
        }).ToList();

        // Recency breaks ties: the newer of two equally relevant memories first.
        return HybridRanker.Rank(query.Terms, candidates, embeddings.Words, query.Text)
            .OrderByDescending(r => Math.Round(r.Score, 6)).ThenByDescending(r => occurred[r.MemoryId]).ThenByDescending(r => r.MemoryId)
            .Take(query.Limit)
            .Select(r => new MemoryLayerHit(r.MemoryId, r.Score))
            .ToList();
    }

    /// <summary>"the photo from Tuesday": the newest memories of that kind (in the interval, when one is given).</summary>
    private async Task<IReadOnlyList<MemoryLayerHit>> NewestOfKindAsync(MemoryLayerQuery query, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(
            new CommandDefinition(
                """
                SELECT m.id FROM memories m
                WHERE m.kind = @kind
                  AND (@userId IS NULL OR m.user_id = @userId)
                  AND (@from IS NULL OR m.occurred_at >= @from) AND (@to IS NULL OR m.occurred_at < @to)
                  AND (@unsyncedOnly = 0 OR m.sync_state <> 'synced' OR m.layer_memory_id IS NULL)
                ORDER BY m.occurred_at DESC, m.id DESC
                LIMIT @limit
                """,
                new { kind, userId = query.UserId, from = query.Interval?.Start, to = query.Interval?.End, unsyncedOnly = query.UnsyncedOnly, limit = query.Limit },
                cancellationToken: cancellationToken));
        return ids.Select(id => new MemoryLayerHit(id, 1.0)).ToList();
    }

    /// <summary>BM25 hits (best first) with their relevance relative to the best one.</summary>
    private async Task<List<(long MemoryId, double Score)>> KeywordAsync(MemoryLayerQuery query, int limit, CancellationToken cancellationToken)
    {
        var match = FtsQuery.AnyOf(query.Terms);
        if (match is null)
            return [];

        await using var connection = await connections.OpenAsync(cancellationToken);
        // BM25 (lower is better) with tags weighted below the text; recency breaks ties.
        var rows = (await connection.QueryAsync<(long MemoryId, double Rank)>(
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
                new { match, userId = query.UserId, from = query.Interval?.Start, to = query.Interval?.End, unsyncedOnly = query.UnsyncedOnly, limit },
                cancellationToken: cancellationToken))).ToList();
        var best = rows.Select(r => r.Rank).DefaultIfEmpty(0).Min();
        return rows.Select(r => (r.MemoryId, RelativeScore(r.Rank, best))).ToList();
    }

    // SQLite's bm25() is negative, unbounded and near zero in small collections (IDF vanishes), so an
    // absolute mapping says little: the score is relevance relative to this query's best hit (1 = best).
    private static double RelativeScore(double rank, double best) =>
        best >= -1e-9 ? 1.0 : Math.Clamp(rank / best, 0, 1);

    private static double Dot(float[] a, float[] b)
    {
        var width = System.Numerics.Vector<float>.Count;
        var sum = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
            sum += new System.Numerics.Vector<float>(a, i) * new System.Numerics.Vector<float>(b, i);
        var dot = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
            dot += a[i] * b[i];
        return dot;
    }
}
