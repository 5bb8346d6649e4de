using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary>
/// Keeps the vectors current with the model: at start-up (and by <c>reembed</c>) it embeds every memory that
/// has no vector, or one made by another model, in batches. Search meanwhile uses the vectors it has and
/// BM25 for the rest, so nothing waits for it.
/// </summary>
/// <remarks>With a remote embedder it keeps running: new memories are embedded here, after their commit.</remarks>
public sealed class MemoryVectorBackfill(IServiceScopeFactory scopes, MemoryEmbeddings embeddings, MemoryVectorBackfill.Signal signal, ILogger<MemoryVectorBackfill> logger)
    : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Wakes the backfill when memories were committed without a vector (remote embedders).</summary>
    public sealed class Signal : IDisposable
    {
        private readonly WakeUpSignal _signal = new();

        public void MemoriesAdded() => _signal.Signal();

        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

        public void Dispose() => _signal.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = s_pollInterval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunAsync(scope.ServiceProvider, logger, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Embedding memories failed; search uses BM25 for memories without a current vector until it works");
                pause = s_retryDelay;
            }

            // The local model embeds inside each memory's transaction: once at start-up is all it needs here.
            if (embeddings.IsLocal || !embeddings.Enabled)
                return;
            try
            {
                if (pause == s_retryDelay)
                    await Task.Delay(pause, stoppingToken);
                else
                    await signal.WaitAsync(pause, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>How many memories were (re-)embedded.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var embeddings = services.GetRequiredService<MemoryEmbeddings>();
        if (embeddings is not { Enabled: true, ModelId: { } model })
            return 0;
        var connections = services.GetRequiredService<IReadDbConnectionFactory>();
        var cache = services.GetRequiredService<MemoryVectorCache>();
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            var stale = (await connection.QueryAsync<(long Id, long UserId, string Content)>(
                """
                SELECT m.id, m.user_id, m.content FROM memories m
                LEFT JOIN memory_vectors v ON v.memory_id = m.id
                WHERE v.memory_id IS NULL OR v.model <> @model
                ORDER BY m.id LIMIT @limit
                """, new { model, limit = BatchSize })).ToList();
            if (stale.Count == 0)
                break;

            var rows = new List<object>(stale.Count);
            foreach (var memory in stale)
            {
                var vector = await embeddings.EmbedAsync(memory.Content, cancellationToken);
                rows.Add(new { memoryId = memory.Id, userId = memory.UserId, model, vector = MemoryVectorCache.ToBlob(vector) });
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // A memory deleted meanwhile is skipped by the foreign key check in the SELECT.
            await connection.ExecuteAsync(
                """
                INSERT OR REPLACE INTO memory_vectors (memory_id, user_id, model, vector)
                SELECT @memoryId, @userId, @model, @vector WHERE EXISTS (SELECT 1 FROM memories WHERE id = @memoryId)
                """, rows, transaction);
            await transaction.CommitAsync(cancellationToken);
            foreach (var userId in stale.Select(s => s.UserId).Distinct())
                cache.Forget(userId);
            total += stale.Count;
        }

        if (total > 0)
            logger.LogInformation("Embedded {Count} memory(ies) with {Model}", total, model);
        return total;
    }
}
