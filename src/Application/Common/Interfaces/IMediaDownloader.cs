using MemoryAssistant.Domain.Media;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// Fetches one attachment of an inbound message: only from allowed hosts, within the size limits, with
/// the content type read from the bytes (magic numbers), never trusted from the form.
/// Throws <see cref="Exceptions.MediaRejectedException"/> for media that will never be acceptable
/// (retrying cannot help); other exceptions are transient and the job is retried.
/// </summary>
public interface IMediaDownloader
{
    Task<DownloadedMedia> DownloadAsync(Uri url, string? declaredContentType, CancellationToken cancellationToken);
}

/// <param name="ContentType">Sniffed from the bytes, e.g. image/jpeg, audio/ogg.</param>
public sealed record DownloadedMedia(byte[] Bytes, string ContentType, ContentHash Sha256);
