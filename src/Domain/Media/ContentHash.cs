using System.Security.Cryptography;
using MemoryAssistant.Domain.Common;

namespace MemoryAssistant.Domain.Media;

/// <summary>The SHA-256 of a blob, lowercase hex: the identity of stored media (same bytes, same asset).</summary>
public sealed record ContentHash
{
    private ContentHash(string value) => Value = value;

    public string Value { get; }

    public static ContentHash Of(ReadOnlySpan<byte> bytes) =>
        new(Convert.ToHexStringLower(SHA256.HashData(bytes)));

    public static async Task<ContentHash> OfAsync(Stream stream, CancellationToken cancellationToken = default) =>
        new(Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)));

    public static ContentHash Parse(string? text)
    {
        var s = text?.Trim();
        if (s is null || s.Length != 64 || !s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            throw new DomainException($"'{text}' is not a SHA-256 content hash: expected 64 lowercase hex digits.");
        return new ContentHash(s);
    }

    public override string ToString() => Value;
}
