using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.Memories;

/// <summary>Something remembered for a user, always traceable to the interaction it came from.</summary>
public sealed class Memory
{
    public const int MaxContentLength = 4000;

    private readonly List<MemoryTag> _tags = [];

    private Memory() { Content = ""; }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public User? User { get; private set; }
    public long InteractionId { get; private set; }
    public Interaction? Interaction { get; private set; }
    public long? MediaAssetId { get; private set; }
    public MediaAsset? MediaAsset { get; private set; }
    public MemoryKind Kind { get; private set; }
    public string Content { get; private set; }

    /// <summary>When it happened (the message time, or an earlier capture time), not when we processed it.</summary>
    public Instant OccurredAt { get; private set; }

    public Instant CreatedAt { get; private set; }

    /// <summary>Which memory layer holds it ("embedded", "mem0") and under what id there.</summary>
    public string? LayerName { get; private set; }

    public string? LayerMemoryId { get; private set; }
    public MemorySyncState SyncState { get; private set; }
    public IReadOnlyList<MemoryTag> Tags => _tags;

    public static Memory Remember(
        User user, Interaction source, MemoryKind kind, string content, Instant occurredAt, IEnumerable<string> tags, Instant now, MediaAsset? media = null)
    {
        var text = content?.Trim() ?? "";
        if (text.Length == 0)
            throw new DomainException("A memory needs some content.");
        if (text.Length > MaxContentLength)
            throw new DomainException($"A memory holds at most {MaxContentLength} characters.");

        var memory = new Memory
        {
            User = user,
            Interaction = source,
            MediaAsset = media,
            Kind = kind,
            Content = text,
            OccurredAt = occurredAt,
            CreatedAt = now,
            SyncState = MemorySyncState.Pending,
        };
        foreach (var tag in tags.Select(MemoryTag.Normalise).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
            memory._tags.Add(new MemoryTag(tag));
        return memory;
    }

    public void LinkTo(string layerName, string layerMemoryId)
    {
        LayerName = layerName;
        LayerMemoryId = layerMemoryId;
        SyncState = MemorySyncState.Synced;
    }

    public void MarkSyncFailed(string layerName)
    {
        LayerName = layerName;
        SyncState = MemorySyncState.Failed;
    }
}
