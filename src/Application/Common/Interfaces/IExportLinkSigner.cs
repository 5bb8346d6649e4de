using NodaTime;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// Signed, expiring links to one user's data export (<c>/exports/{externalId}?expires=…&amp;sig=…</c>), so the
/// user can download everything from WhatsApp without an API key. The signature is the authorisation.
/// </summary>
public interface IExportLinkSigner
{
    Uri Sign(string userExternalId, Duration validFor);

    /// <param name="expires">Unix seconds, as carried by the link.</param>
    bool IsValid(string userExternalId, long expires, string sig);
}
