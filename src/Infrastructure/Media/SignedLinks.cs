using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>The HMAC-SHA256 behind every signed, expiring link (media, exports): one way to sign, one to check.</summary>
internal static class SignedLinks
{
    public static string Signature(byte[] key, string signedText) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signedText)));

    /// <summary>Not expired, and the signature matches, compared in constant time.</summary>
    public static bool IsValid(byte[] key, string signedText, long expiresUnixSeconds, string? signature, IClock clock) =>
        expiresUnixSeconds >= clock.GetCurrentInstant().ToUnixTimeSeconds()
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(key, signedText)), Encoding.ASCII.GetBytes(signature ?? ""));
}
