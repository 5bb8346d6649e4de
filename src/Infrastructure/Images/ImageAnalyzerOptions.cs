namespace MemoryAssistant.Infrastructure.Images;

/// <summary>Limits and tools for <see cref="ImageAnalyzer"/> (configuration section <c>Images</c>).</summary>
public sealed class ImageAnalyzerOptions
{
    public const string Section = "Images";

    /// <summary>Larger images are refused from their header, before any pixel is decoded (decompression bombs).</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Longest side accepted, whatever the area (a 20 000 × 1 strip is as hostile as a square).</summary>
    public int MaxSide { get; set; } = 20_000;

    /// <summary>The tesseract executable: a name looked up on PATH, or a full path.</summary>
    public string TesseractPath { get; set; } = "tesseract";

    /// <summary>OCR that takes longer is abandoned (the photo is still remembered, without its text).</summary>
    public TimeSpan OcrTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the OCR input is written for the moment tesseract reads it; the system temp directory when unset.</summary>
    public string? TemporaryDirectory { get; set; }
}
