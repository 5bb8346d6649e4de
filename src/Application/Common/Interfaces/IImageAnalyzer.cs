using NodaTime;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>What can be read from a photo offline: size, a perceptual hash, EXIF time and place, text (OCR).</summary>
public interface IImageAnalyzer
{
    Task<ImageFacts> AnalyzeAsync(string imagePath, CancellationToken cancellationToken);
}

/// <param name="PerceptualHash">64-bit hash that stays close (small Hamming distance) under recompression and resizing.</param>
/// <param name="CapturedAtLocal">EXIF DateTimeOriginal as written by the camera (local time).</param>
/// <param name="CapturedAtOffset">EXIF OffsetTimeOriginal when present; without it the sender's zone applies.</param>
/// <param name="OcrText">Text found in the image, trimmed; null when none.</param>
public sealed record ImageFacts(int Width, int Height, ulong PerceptualHash, LocalDateTime? CapturedAtLocal, Offset? CapturedAtOffset, double? Latitude, double? Longitude, string? OcrText);

/// <summary>A sentence describing a photo (a vision model when configured; nothing offline).</summary>
public interface IImageDescriber
{
    /// <summary>Null when no describer is configured or it had nothing to say.</summary>
    Task<string?> DescribeAsync(byte[] image, string contentType, string? caption, CancellationToken cancellationToken);
}
