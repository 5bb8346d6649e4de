using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Domain.Memories;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace MemoryAssistant.Application.Memories;

/// <summary>
/// The one way a memory is forgotten ("undo", "forget 3"): its row goes, and with it its tags, its index
/// entry and its vector (cascades and a trigger); the remote layer's copies are queued for deletion and sent
/// by the sync worker, so a Mem0 outage delays the deletion but never skips it.
/// </summary>
public sealed class MemoryEraser(IApplicationDbContext db, MemoryLayers layers, IMemorySyncSignal syncSignal, IClock clock)
{
    /// <returns>The forgotten memory, or null when this user has no memory with that id.</returns>
    public async Task<Memory?> ForgetAsync(long userId, long memoryId, CancellationToken cancellationToken)
    {
        var memory = await db.Memories.Include(m => m.LayerLinks).FirstOrDefaultAsync(m => m.Id == memoryId && m.UserId == userId, cancellationToken);
        if (memory is null)
            return null;

        var now = clock.GetCurrentInstant();
        var remoteIds = memory.LayerLinks.Select(l => (l.Layer, l.LayerMemoryId)).ToList();
        if (remoteIds.Count == 0 && layers.Remote is { } remote && memory.LayerName == remote.Name && memory.LayerMemoryId is { } id)
            remoteIds.Add((remote.Name, id));
        foreach (var (layer, layerMemoryId) in remoteIds.Distinct())
            db.LayerDeletions.Add(LayerDeletion.Of(layer, layerMemoryId, now));

        db.Memories.Remove(memory);
        await db.SaveChangesAsync(cancellationToken);
        if (remoteIds.Count > 0)
            db.AfterCommit(syncSignal.MemoriesPending);
        return memory;
    }
}
