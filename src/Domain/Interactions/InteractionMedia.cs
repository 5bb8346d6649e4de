using MemoryAssistant.Domain.Media;

namespace MemoryAssistant.Domain.Interactions;

/// <summary>
/// One attachment of one message. Many messages may point at the same stored <see cref="MediaAsset"/>
/// (the same photo forwarded twice is stored once), so the per-message URL and position live here.
/// </summary>
public sealed class InteractionMedia
{
    private InteractionMedia() { MediaUrl = ""; }

    public long InteractionId { get; private set; }
    public Interaction? Interaction { get; private set; }
    public int Position { get; private set; }
    public string MediaUrl { get; private set; }
    public string? DeclaredContentType { get; private set; }
    public long? MediaAssetId { get; private set; }
    public MediaAsset? MediaAsset { get; private set; }

    internal static InteractionMedia Declare(Interaction interaction, int position, string mediaUrl, string? declaredContentType) =>
        new() { Interaction = interaction, Position = position, MediaUrl = mediaUrl, DeclaredContentType = declaredContentType };

    public void LinkAsset(MediaAsset asset)
    {
        MediaAsset = asset;
        MediaAssetId = asset.Id;
    }
}
