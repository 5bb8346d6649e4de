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

    public int? Width { get; private set; }
    public int? Height { get; private set; }
    public long? DurationMs { get; private set; }

    /// <summary>64-bit perceptual hash of an image (stored as its signed bit pattern): near-duplicates differ in few bits.</summary>
    public long? PerceptualHash { get; private set; }

    /// <summary>An earlier, different file that looks the same (WhatsApp recompresses forwarded photos).</summary>
    public long? NearDuplicateOfId { get; private set; }

    public Instant? CapturedAt { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public string? OcrText { get; private set; }
    public string? Description { get; private set; }

    /// <summary>When the bytes were understood (analysed or transcribed); set once, so that work is never repeated.</summary>
    public Instant? AnalyzedAt { get; private set; }

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
    public bool IsAudio => ContentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase);

    public void RecordImage(int width, int height, ulong perceptualHash, Instant? capturedAt, double? latitude, double? longitude, string? ocrText, string? description, Instant now)
    {
        Width = width;
        Height = height;
        PerceptualHash = unchecked((long)perceptualHash);
        CapturedAt = capturedAt;
        Latitude = latitude;
        Longitude = longitude;
        OcrText = ocrText;
        Description = description;
        AnalyzedAt = now;
    }

    public void RecordAudio(Duration duration, Instant now)
    {
        DurationMs = (long)duration.TotalMilliseconds;
        AnalyzedAt = now;
    }

    /// <summary>Kinds with nothing to understand (video, PDF, vCard…) are analysed by being stored.</summary>
    public void RecordStoredOnly(Instant now) => AnalyzedAt = now;

    public void MarkNearDuplicateOf(MediaAsset earlier)
    {
        if (earlier.Id == Id)
            throw new DomainException("A media asset is not a near-duplicate of itself.");
        NearDuplicateOfId = earlier.Id;
    }

    public static MediaAsset Store(ContentHash sha256, string contentType, long sizeBytes, string storagePath, Instant now)
    {
        if (sizeBytes <= 0)
            throw new DomainException("A media asset has at least one byte.");
        if (string.IsNullOrWhiteSpace(contentType))
            throw new DomainException("A media asset has a content type.");
        return new MediaAsset { Sha256 = sha256, ContentType = contentType, SizeBytes = sizeBytes, StoragePath = storagePath, CreatedAt = now };
    }
}
