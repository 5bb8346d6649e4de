using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// The local search index (the embedded engine in SQLite). It is the memory layer when no remote one is
/// configured, and beside Mem0 it is the fallback that keeps recall working while Mem0 is unreachable.
/// It joins the caller's transaction, so a memory and its index entry commit together.
/// </summary>
public interface IMemoryIndex
{
    /// <summary>Short name stored on each memory the index alone holds ("embedded").</summary>
    string Name { get; }

    /// <summary>Indexes a saved memory; returns the index's id for it.</summary>
    Task<string> AddAsync(MemoryToIndex memory, CancellationToken cancellationToken);

    /// <summary>Indexes several saved memories with as few statements as possible; returns the index's ids, in order.</summary>
    Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<MemoryToIndex> memories, CancellationToken cancellationToken);

    /// <summary>Best matches first; every hit belongs to <see cref="MemoryLayerQuery.UserId"/> when one is given.</summary>
    Task<IReadOnlyList<MemoryLayerHit>> SearchAsync(MemoryLayerQuery query, CancellationToken cancellationToken);

    Task DeleteAsync(long memoryId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes everything the index holds for one user (keyword entries, vectors) in the caller's transaction,
    /// and forgets any copy it keeps in memory once that transaction commits. Used when a user's data is erased.
    /// </summary>
    Task DeleteUserAsync(long userId, CancellationToken cancellationToken);
}

public sealed record MemoryToIndex(long MemoryId, long UserId, MemoryKind Kind, string Content, IReadOnlyList<string> Tags, Instant OccurredAt);

/// <param name="Text">The content of the question with the time phrase removed.</param>
/// <param name="Terms">The words that carry meaning (filler and time phrases removed).</param>
/// <param name="Interval">A hard filter on when the memory happened.</param>
/// <param name="UnsyncedOnly">
/// Only memories a remote layer holds nothing for: not sent yet, refused, or linked to no fact (Mem0 kept
/// none of it). These are the gap its answers leave.
/// </param>
public sealed record MemoryLayerQuery(long? UserId, string Text, IReadOnlyList<string> Terms, TimeInterval? Interval, int Limit, bool UnsyncedOnly = false);

/// <param name="Score">Relevance in [0, 1], higher is better.</param>
public sealed record MemoryLayerHit(long MemoryId, double Score);
