using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Application.Memories;

/// <summary>
/// The one way a memory is created, whatever the channel: saved in our database (the source of truth),
/// then made searchable by the memory layer, then linked to the layer's id.
/// </summary>
public sealed class MemoryWriter(IApplicationDbContext db, IMemoryLayer memoryLayer, IClock clock)
{
    public async Task<Memory> RememberAsync(
        User user, Interaction source, MemoryKind kind, string content, Instant occurredAt, IEnumerable<string>? tags, CancellationToken cancellationToken, MediaAsset? media = null)
    {
        var allTags = Hashtags.Extract(content).Concat(tags ?? []);
        var memory = Memory.Remember(user, source, kind, content, occurredAt, allTags, clock.GetCurrentInstant(), media);
        db.Memories.Add(memory);
        await db.SaveChangesAsync(cancellationToken);

        var layerId = await memoryLayer.AddAsync(
            new MemoryToIndex(memory.Id, user.Id, memory.Kind, memory.Content, memory.Tags.Select(t => t.Tag).ToList(), memory.OccurredAt),
            cancellationToken);
        memory.LinkTo(memoryLayer.Name, layerId);
        await db.SaveChangesAsync(cancellationToken);
        return memory;
    }
}
