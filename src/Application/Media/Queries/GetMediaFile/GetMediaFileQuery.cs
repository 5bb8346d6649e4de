using Dapper;
using MediatR;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;

namespace MemoryAssistant.Application.Media.Queries.GetMediaFile;

/// <summary>A stored blob behind a signed, expiring link (what a <c>&lt;Media&gt;</c> reply points at).</summary>
public sealed record GetMediaFileQuery(long Id, long Expires, string Signature) : IQuery<MediaFileDto>;

/// <param name="Path">Absolute path of the blob on disk.</param>
public sealed record MediaFileDto(string Path, string ContentType, string Sha256);

public sealed class GetMediaFileQueryHandler(IReadDbConnectionFactory connections, IMediaUrlSigner signer, IMediaStore store)
    : IRequestHandler<GetMediaFileQuery, MediaFileDto>
{
    public async Task<MediaFileDto> Handle(GetMediaFileQuery request, CancellationToken cancellationToken)
    {
        // A bad or expired signature looks exactly like a missing file: links reveal nothing.
        if (!signer.IsValid(request.Id, request.Expires, request.Signature))
            throw new NotFoundException("No such media, or the link has expired.");
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string StoragePath, string ContentType, string Sha256)?>(
            "SELECT storage_path, content_type, sha256 FROM media_assets WHERE id = @id", new { id = request.Id });
        return row is { } r
            ? new MediaFileDto(store.FullPath(r.StoragePath), r.ContentType, r.Sha256)
            : throw new NotFoundException("No such media, or the link has expired.");
    }
}
