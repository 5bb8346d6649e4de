using MemoryAssistant.Domain.Common;
using NodaTime;

namespace MemoryAssistant.Domain.Media;

/// <summary>One unique blob, named by its content hash: the same bytes are stored once, whoever sends them.</summary>
public sealed class MediaAsset
{
    private MediaAsset() { Sha256 = null!; ContentType = ""; StoragePath = ""; }

    public long Id { get; private set; }
    public ContentHash Sha256 { get; private set; }
    public string ContentType { get; private set; }
    public long SizeBytes { get; private set; }

    /// <summary>Path relative to the data directory.</summary>
    public string StoragePath { get; private set; }

    public Instant CreatedAt { get; private set; }

    public static MediaAsset Store(ContentHash sha256, string contentType, long sizeBytes, string storagePath, Instant now)
    {
        if (sizeBytes <= 0)
            throw new DomainException("A media asset has at least one byte.");
        if (string.IsNullOrWhiteSpace(contentType))
            throw new DomainException("A media asset has a content type.");
        return new MediaAsset { Sha256 = sha256, ContentType = contentType, SizeBytes = sizeBytes, StoragePath = storagePath, CreatedAt = now };
    }
}
