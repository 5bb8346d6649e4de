using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>Uploads follow the download rules: the same sniffer, the same limits.</summary>
public sealed class MediaInspector(IOptions<MediaDownloadOptions> options, Images.ImageAnalyzerOptions images) : IMediaInspector
{
    public string? Refusal(byte[] bytes, string contentType) =>
        contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? Images.ImageAnalyzer.HeaderRefusal(bytes, images) : null;

    public string? Sniff(ReadOnlySpan<byte> bytes) => ContentSniffer.Sniff(bytes);

    public long MaxBytesFor(string contentType) =>
        contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? options.Value.MaxImageBytes : options.Value.MaxBytes;
}
