using System.Globalization;
using MemoryAssistant.Application.Common.Interfaces;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>
/// <c>{PublicBaseUrl}/exports/{externalId}?expires=…&amp;sig=…</c>: HMAC-SHA256 over the user's opaque id and the
/// expiry with the media links' key (<see cref="HmacMediaUrlSigner.LoadOrCreateKey"/>). The signed text starts with
/// "export:", so a media link's signature can never open an export, nor the other way round.
/// </summary>
public sealed class HmacExportLinkSigner(byte[] key, Uri publicBaseUrl, IClock clock) : IExportLinkSigner
{
    public Uri Sign(string userExternalId, Duration validFor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userExternalId);
        var expires = (clock.GetCurrentInstant() + validFor).ToUnixTimeSeconds();
        return new Uri(publicBaseUrl, string.Create(CultureInfo.InvariantCulture,
            $"exports/{Uri.EscapeDataString(userExternalId)}?expires={expires}&sig={Signature(userExternalId, expires)}"));
    }

    public bool IsValid(string userExternalId, long expires, string sig) =>
        !string.IsNullOrEmpty(userExternalId) && SignedLinks.IsValid(key, SignedText(userExternalId, expires), expires, sig, clock);

    private string Signature(string userExternalId, long expires) => SignedLinks.Signature(key, SignedText(userExternalId, expires));

    private static string SignedText(string userExternalId, long expires) => string.Create(CultureInfo.InvariantCulture, $"export:{userExternalId}:{expires}");
}
