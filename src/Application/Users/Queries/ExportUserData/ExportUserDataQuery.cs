using MediatR;
using MemoryAssistant.Application.Common.Messaging;

namespace MemoryAssistant.Application.Users.Queries.ExportUserData;

/// <summary>Everything a user has given the assistant, as one ZIP (<c>GET /users/{id}/export</c>).</summary>
/// <returns>Null when there is no user with that id.</returns>
public sealed record ExportUserDataQuery(long UserId) : IQuery<UserDataExport?>;

/// <summary>
/// A user's export, ready to be written. Nothing is read until <see cref="WriteToAsync"/>: the archive is made
/// while it is sent, so neither the archive nor any media file is ever held in memory whole.
/// </summary>
public sealed class UserDataExport
{
    private readonly Func<Stream, CancellationToken, Task> _write;

    internal UserDataExport(string fileName, Func<Stream, CancellationToken, Task> write)
    {
        FileName = fileName;
        _write = write;
    }

    /// <summary><c>memoryassistant-export-&lt;externalId&gt;-&lt;yyyyMMdd&gt;.zip</c>, dated in the user's zone.</summary>
    public string FileName { get; }

    /// <summary>
    /// Streams the ZIP to <paramref name="output"/> (which may be a non-seekable response body): media files and
    /// the JSON files first, <c>manifest.json</c> LAST, because it lists every other entry with its size and SHA-256.
    /// All files come from one read snapshot of the database, so they agree with each other.
    /// </summary>
    public Task WriteToAsync(Stream output, CancellationToken cancellationToken) => _write(output, cancellationToken);
}

public sealed class ExportUserDataQueryHandler(UserDataExporter exporter) : IRequestHandler<ExportUserDataQuery, UserDataExport?>
{
    public Task<UserDataExport?> Handle(ExportUserDataQuery request, CancellationToken cancellationToken) =>
        exporter.FindAsync(UserDataExporter.UserKey.Id(request.UserId), cancellationToken);
}
