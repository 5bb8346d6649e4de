using MemoryAssistant.Application.Common.Interfaces;

namespace MemoryAssistant.Application.Memories.Layers;

/// <summary>
/// Which memory layer serves: the local index alone, or a remote layer (Mem0) with the local index kept
/// beside it as the fallback. Registered once; the remote layer exists only when configured.
/// </summary>
public sealed class MemoryLayers(IMemoryIndex index, IEnumerable<IRemoteMemoryLayer> remotes)
{
    public IMemoryIndex Index { get; } = index;

    public IRemoteMemoryLayer? Remote { get; } = remotes.FirstOrDefault();

    /// <summary>The layer that holds the searchable form of new memories ("embedded" or "mem0").</summary>
    public string ActiveName => Remote?.Name ?? Index.Name;
}
