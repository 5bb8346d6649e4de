using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MemoryAssistant.Application.Common.Interfaces;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>
/// <c>{PublicBaseUrl}/media/{id}?expires=…&amp;sig=…</c>: HMAC-SHA256 over the id and expiry with a
/// server-side key, so a link opens one blob until it expires and cannot be altered to open another.
/// </summary>
public sealed class HmacMediaUrlSigner(byte[] key, Uri publicBaseUrl, IClock clock) : IMediaUrlSigner
{
    public Uri Sign(long mediaAssetId, Duration validFor)
    {
        var expires = (clock.GetCurrentInstant() + validFor).ToUnixTimeSeconds();
        return new Uri(publicBaseUrl, string.Create(CultureInfo.InvariantCulture, $"media/{mediaAssetId}?expires={expires}&sig={Signature(mediaAssetId, expires)}"));
    }

    public bool IsValid(long mediaAssetId, long expiresUnixSeconds, string signature) =>
        SignedLinks.IsValid(key, SignedText(mediaAssetId, expiresUnixSeconds), expiresUnixSeconds, signature, clock);

    private string Signature(long mediaAssetId, long expires) => SignedLinks.Signature(key, SignedText(mediaAssetId, expires));

    private static string SignedText(long mediaAssetId, long expires) => string.Create(CultureInfo.InvariantCulture, $"{mediaAssetId}:{expires}");

    /// <summary>The key from <c>Media:SigningKey</c>, else one generated once and kept in the data directory.</summary>
    public static byte[] LoadOrCreateKey(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var path = Path.Combine(dataDirectory, "media-signing.key");
        if (File.Exists(path))
            return File.ReadAllBytes(path);
        Directory.CreateDirectory(dataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, key);
        return key;
    }
}
