using MemoryAssistant.Domain.Media;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Blobs named by their content hash: storing the same bytes twice writes one file.</summary>
public interface IMediaStore
{
    Task<StoredBlob> SaveAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The absolute path of a stored blob, for tools that read files (OCR, ffmpeg).</summary>
    string FullPath(string relativePath);

    /// <summary>Reads a stored blob as a stream (asynchronous file I/O), for copying it elsewhere.</summary>
    Stream OpenRead(string relativePath);

    /// <summary>
    /// Removes a stored blob; nothing happens when it is already gone. Only for blobs no row refers to any more
    /// (the caller checks, in the transaction that removed the last reference, and deletes after the commit).
    /// </summary>
    void Delete(string relativePath);
}

public sealed record StoredBlob(ContentHash Hash, string RelativePath, long SizeBytes);
