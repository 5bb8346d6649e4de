using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// Where memories are made searchable: the embedded SQLite engine by default, Mem0 when configured.
/// Our database stays the source of truth; the layer holds the searchable form and answers with ids.
/// </summary>
public interface IMemoryLayer
{
    /// <summary>Short name stored on each memory ("embedded", "mem0").</summary>
    string Name { get; }

    /// <summary>Indexes a saved memory; returns the layer's id for it.</summary>
    Task<string> AddAsync(MemoryToIndex memory, CancellationToken cancellationToken);

    /// <summary>Best matches first; every hit belongs to <see cref="MemoryLayerQuery.UserId"/> when one is given.</summary>
    Task<IReadOnlyList<MemoryLayerHit>> SearchAsync(MemoryLayerQuery query, CancellationToken cancellationToken);

    Task DeleteAsync(long memoryId, string layerMemoryId, CancellationToken cancellationToken);
}

public sealed record MemoryToIndex(long MemoryId, long UserId, MemoryKind Kind, string Content, IReadOnlyList<string> Tags, Instant OccurredAt);

/// <param name="Terms">The words that carry meaning (filler and time phrases removed).</param>
/// <param name="Interval">A hard filter on when the memory happened.</param>
public sealed record MemoryLayerQuery(long? UserId, string Text, IReadOnlyList<string> Terms, TimeInterval? Interval, int Limit);

/// <param name="Score">Relevance in [0, 1], higher is better.</param>
public sealed record MemoryLayerHit(long MemoryId, double Score);
