using System.Data.Common;
using Dapper;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Memories.Layers;

/// <summary>
/// Asks the serving memory layer and maps its answers to our memory ids. With Mem0, its hits are mapped back
/// through the metadata we attached (or our link table), memories it does not hold yet are searched locally
/// so nothing recent goes missing, and when Mem0 fails the local index answers alone and says so.
/// </summary>
public sealed class MemorySearch(MemoryLayers layers, ILogger<MemorySearch> logger)
{
    public async Task<MemorySearchOutcome> SearchAsync(
        DbConnection connection, MemoryLayerQuery query, string? userExternalId, DateTimeZone zone, CancellationToken cancellationToken)
    {
        if (layers.Remote is not { } remote)
            return new MemorySearchOutcome(await layers.Index.SearchAsync(query, cancellationToken), layers.Index.Name, null);

        IReadOnlyList<RemoteMemoryHit> remoteHits;
        try
        {
            remoteHits = await remote.SearchAsync(
                new RemoteSearch(userExternalId, query.Text, query.Interval?.Start, query.Interval?.End, zone, Math.Max(query.Limit * 2, 10)),
                cancellationToken);
        }
        catch (Exception ex) when (ex is MemoryLayerUnavailableException or MemoryLayerRejectedException)
        {
            logger.LogWarning("Search fell back to the local index: {Reason}", ex.Message);
            var local = await layers.Index.SearchAsync(query, cancellationToken);
            return new MemorySearchOutcome(local, layers.Index.Name, $"{remote.Name} is unavailable ({ex.Message}); answered from the local index.");
        }

        var fromRemote = await MapToMemoriesAsync(connection, remote.Name, remoteHits);
        var unsynced = await layers.Index.SearchAsync(query with { UnsyncedOnly = true }, cancellationToken);
        var merged = fromRemote.Concat(unsynced)
            .GroupBy(h => h.MemoryId)
            .Select(g => new MemoryLayerHit(g.Key, g.Max(h => h.Score)))
            .OrderByDescending(h => h.Score)
            .Take(query.Limit)
            .ToList();
        return new MemorySearchOutcome(merged, remote.Name, null);
    }

    // Several Mem0 facts may come from one memory of ours: the memory scores as its best fact.
    private static async Task<IReadOnlyList<MemoryLayerHit>> MapToMemoriesAsync(DbConnection connection, string layer, IReadOnlyList<RemoteMemoryHit> hits)
    {
        var withoutSource = hits.Where(h => h.SourceMemoryId is null).Select(h => h.LayerMemoryId).Distinct().ToList();
        var linked = withoutSource.Count == 0
            ? new Dictionary<string, long>()
            : (await connection.QueryAsync<(string LayerMemoryId, long MemoryId)>(
                    "SELECT layer_memory_id, memory_id FROM memory_layer_links WHERE layer = @layer AND layer_memory_id IN @ids",
                    new { layer, ids = withoutSource }))
                .GroupBy(r => r.LayerMemoryId).ToDictionary(g => g.Key, g => g.First().MemoryId);

        return hits
            .Select(h => (MemoryId: h.SourceMemoryId ?? (linked.TryGetValue(h.LayerMemoryId, out var id) ? id : (long?)null), h.Score))
            .Where(h => h.MemoryId is not null)
            .GroupBy(h => h.MemoryId!.Value)
            .Select(g => new MemoryLayerHit(g.Key, Math.Clamp(g.Max(h => h.Score), 0, 1)))
            .ToList();
    }
}

/// <param name="Layer">The layer that answered ("mem0", or "embedded" alone or as the fallback).</param>
/// <param name="DegradedReason">Set when the serving layer failed and the local index answered instead.</param>
public sealed record MemorySearchOutcome(IReadOnlyList<MemoryLayerHit> Hits, string Layer, string? DegradedReason)
{
    public bool Degraded => DegradedReason is not null;
}
