using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Memories.Queries;
using MemoryAssistant.Domain.Memories;
using Microsoft.EntityFrameworkCore;

namespace MemoryAssistant.Application.Memories;

/// <summary>
/// Write-side mapping for memories just saved in the current transaction, which the read side
/// (another connection) cannot see until commit. Needs User and Interaction loaded.
/// </summary>
public static class MemoryMappings
{
    /// <summary>The memories one interaction produced, as DTOs, through the write side (this transaction's view).</summary>
    public static async Task<IReadOnlyList<MemoryDto>> MemoriesOfInteractionAsync(this IApplicationDbContext db, long interactionId, CancellationToken cancellationToken) =>
        (await db.Memories.AsNoTracking().Include(m => m.User).Include(m => m.Interaction).Include(m => m.MediaAsset)
            .Where(m => m.InteractionId == interactionId).OrderBy(m => m.Id).ToListAsync(cancellationToken))
        .Select(m => m.ToDto()).ToList();

    public static MemoryDto ToDto(this Memory memory)
    {
        var user = memory.User ?? throw new InvalidOperationException("Memory.User must be loaded.");
        var source = memory.Interaction ?? throw new InvalidOperationException("Memory.Interaction must be loaded.");
        var zone = user.TimeZone;
        return new MemoryDto(
            memory.Id,
            user.Number.Value,
            memory.Kind.ToString().ToLowerInvariant(),
            memory.Content,
            memory.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal).ToList(),
            LocalTimes.Iso(memory.OccurredAt, zone),
            LocalTimes.Iso(memory.CreatedAt, zone),
            zone.Id,
            new MemorySourceDto(source.Id, source.Channel.ToString().ToLowerInvariant(), source.Kind.ToString().ToLowerInvariant(), source.MessageSid?.Value, LocalTimes.Iso(source.ReceivedAt, zone)),
            memory.MediaAsset is { } a
                ? new MemoryMediaDto(a.Id, a.ContentType, a.SizeBytes, a.Sha256.Value, a.Width, a.Height, a.DurationMs, a.Latitude, a.Longitude, a.NearDuplicateOfId)
                : null,
            memory.LayerName,
            memory.SyncState.ToString().ToLowerInvariant());
    }
}
