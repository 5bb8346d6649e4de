namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Checks uploaded bytes the way downloads are checked: type from magic numbers, size limits.</summary>
public interface IMediaInspector
{
    /// <summary>The content type read from the bytes, or null when they are not a supported media type.</summary>
    string? Sniff(ReadOnlySpan<byte> bytes);

    /// <summary>The size limit for that type (images are smaller than other media).</summary>
    long MaxBytesFor(string contentType);

    /// <summary>Why these bytes of that type cannot be kept (an image whose header declares a decompression bomb), or null.</summary>
    string? Refusal(byte[] bytes, string contentType);
}
