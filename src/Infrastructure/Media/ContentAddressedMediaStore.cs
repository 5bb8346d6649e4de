using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Infrastructure.Persistence;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>
/// Blobs on disk named by their SHA-256 (<c>media/ab/cd/abcd…</c>): the same bytes map to the same file,
/// so storing twice writes once. Files are written to a temporary name and moved into place, so a crash
/// never leaves a half-written blob under a real hash.
/// </summary>
public sealed class ContentAddressedMediaStore(StorageOptions storage) : IMediaStore
{
    public async Task<StoredBlob> SaveAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var hash = ContentHash.Of(bytes.Span);
        var relative = RelativePathOf(hash);
        var full = FullPath(relative);
        if (!File.Exists(full))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllBytesAsync(temporary, bytes.ToArray(), cancellationToken);
            File.Move(temporary, full, overwrite: true);
        }

        return new StoredBlob(hash, relative, bytes.Length);
    }

    public static string RelativePathOf(ContentHash hash) =>
        Path.Combine("media", hash.Value[..2], hash.Value[2..4], hash.Value);

    public string FullPath(string relativePath) => Path.GetFullPath(Path.Combine(storage.DataDirectory, relativePath));

    public Stream OpenRead(string relativePath) =>
        new FileStream(FullPath(relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, useAsync: true);

    public void Delete(string relativePath)
    {
        // File.Delete is quiet when the file is missing; the folders stay (a concurrent save may be writing into them).
        File.Delete(FullPath(relativePath));
    }
}
