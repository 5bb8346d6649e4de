using NodaTime;

namespace MemoryAssistant.Domain.Memories;

/// <summary>
/// One memory the remote layer (Mem0) made from ours: with inference on, Mem0 may extract several facts
/// from one note, each with its own id. Every one of them leads back to our memory and its interaction.
/// </summary>
public sealed class MemoryLayerLink
{
    public const int MaxTextLength = 4000;

    private MemoryLayerLink() { Layer = ""; LayerMemoryId = ""; }

    internal MemoryLayerLink(string layer, string layerMemoryId, string? text, Instant createdAt)
    {
        Layer = layer;
        LayerMemoryId = layerMemoryId;
        Text = text is { Length: > MaxTextLength } ? text[..MaxTextLength] : text;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public long MemoryId { get; private set; }
    public string Layer { get; private set; }
    public string LayerMemoryId { get; private set; }

    /// <summary>The fact as the layer phrased it (null when it kept our text verbatim).</summary>
    public string? Text { get; private set; }

    public Instant CreatedAt { get; private set; }
}

/// <summary>A memory the remote layer holds for one of ours.</summary>
public sealed record LayerMemory(string Id, string? Text);
