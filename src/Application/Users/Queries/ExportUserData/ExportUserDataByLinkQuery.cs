using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;

namespace MemoryAssistant.Application.Users.Queries.ExportUserData;

/// <summary>
/// The same export behind a signed, expiring link (<c>GET /exports/{externalId}?expires=…&amp;sig=…</c>), the
/// one sent to the user on WhatsApp: the signature is the authorisation, so no API key is needed.
/// </summary>
/// <param name="Expires">Unix seconds, as carried by the link.</param>
/// <returns>Null when the signature is wrong, the link has expired or the user no longer exists: all look the same.</returns>
public sealed record ExportUserDataByLinkQuery(string ExternalId, long Expires, string Sig) : IQuery<UserDataExport?>;

public sealed class ExportUserDataByLinkQueryHandler(IExportLinkSigner signer, UserDataExporter exporter)
    : IRequestHandler<ExportUserDataByLinkQuery, UserDataExport?>
{
    public async Task<UserDataExport?> Handle(ExportUserDataByLinkQuery request, CancellationToken cancellationToken) =>
        signer.IsValid(request.ExternalId, request.Expires, request.Sig)
            ? await exporter.FindAsync(UserDataExporter.UserKey.External(request.ExternalId), cancellationToken)
            : null;
}
