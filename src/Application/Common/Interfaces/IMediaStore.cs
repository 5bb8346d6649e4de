using MemoryAssistant.Domain.Media;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Blobs named by their content hash: storing the same bytes twice writes one file.</summary>
public interface IMediaStore
{
    Task<StoredBlob> SaveAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The absolute path of a stored blob, for tools that read files (OCR, ffmpeg).</summary>
    string FullPath(string relativePath);
}

public sealed record StoredBlob(ContentHash Hash, string RelativePath, long SizeBytes);
