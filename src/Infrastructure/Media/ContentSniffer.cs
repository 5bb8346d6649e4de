using System.Text;

namespace MemoryAssistant.Infrastructure.Media;

/// <summary>
/// The content type of a blob from its leading bytes (magic numbers). The type a sender declares is never
/// trusted: an HTML page labelled image/jpeg must not reach an image decoder.
/// </summary>
public static class ContentSniffer
{
    /// <summary>Enough leading bytes for every signature below (a vCard may start after a BOM and blank lines).</summary>
    public const int HeaderLength = 64;

    private static readonly HashSet<string> s_genericTypes =
        new(["application/octet-stream", "binary/octet-stream", "application/binary", "application/unknown"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> s_isoMediaTypes =
        new(["video/mp4", "audio/mp4", "video/3gpp", "audio/3gpp", "video/3gpp2", "audio/3gpp2", "audio/x-m4a", "audio/m4a", "video/quicktime", "audio/aac"], StringComparer.OrdinalIgnoreCase);

    // Common spellings senders use for the same format; each maps to what Sniff returns.
    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpg"] = "image/jpeg",
        ["image/pjpeg"] = "image/jpeg",
        ["audio/opus"] = "audio/ogg",
        ["application/ogg"] = "audio/ogg",
        ["audio/mp3"] = "audio/mpeg",
        ["audio/mpeg3"] = "audio/mpeg",
        ["audio/x-mpeg"] = "audio/mpeg",
        ["audio/x-mp3"] = "audio/mpeg",
        ["audio/x-wav"] = "audio/wav",
        ["audio/wave"] = "audio/wav",
        ["audio/vnd.wave"] = "audio/wav",
        ["audio/amr-nb"] = "audio/amr",
        ["audio/amr-wb"] = "audio/amr",
        ["audio/x-aac"] = "audio/aac",
        ["audio/aacp"] = "audio/aac",
        ["text/x-vcard"] = "text/vcard",
        ["text/directory"] = "text/vcard",
    };

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> WebmMagic => [0x1A, 0x45, 0xDF, 0xA3];

    /// <summary>The content type the bytes really are, or null when they are not a supported media format.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(JpegMagic))
            return "image/jpeg";
        if (bytes.StartsWith(PngMagic))
            return "image/png";
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
            return "image/gif";
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8))
        {
            if (bytes[8..12].SequenceEqual("WEBP"u8))
                return "image/webp";
            if (bytes[8..12].SequenceEqual("WAVE"u8))
                return "audio/wav";
            return null;
        }

        if (bytes.StartsWith("OggS"u8))
            return "audio/ogg";
        // EBML: a WebM recording, as browsers' MediaRecorder makes voice notes (the simulator page).
        if (bytes.StartsWith(WebmMagic))
            return "audio/webm";
        if (bytes.StartsWith("#!AMR"u8))
            return "audio/amr";
        if (bytes.StartsWith("%PDF"u8))
            return "application/pdf";
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
            return IsoMediaType(bytes);
        if (bytes.StartsWith("ID3"u8) || IsMpegAudioFrame(bytes))
            return "audio/mpeg";
        if (IsAdtsFrame(bytes))
            return "audio/aac";
        if (IsVCard(bytes))
            return "text/vcard";
        return null;
    }

    /// <summary>
    /// Whether a declared type (the part before ';', case-insensitive) agrees with the sniffed one. No
    /// declaration or a generic one (application/octet-stream) agrees with anything; ISO media containers
    /// (MP4, 3GPP, M4A) agree with each other because their brands say little about the content.
    /// </summary>
    public static bool IsCompatible(string? declaredContentType, string sniffedContentType)
    {
        var declared = MediaTypeOf(declaredContentType);
        if (declared is null || s_genericTypes.Contains(declared))
            return true;
        if (s_aliases.TryGetValue(declared, out var canonical))
            declared = canonical;
        if (string.Equals(declared, sniffedContentType, StringComparison.OrdinalIgnoreCase))
            return true;
        return s_isoMediaTypes.Contains(declared) && sniffedContentType is "video/mp4" or "audio/mp4" or "video/3gpp";
    }

    /// <summary>"Image/JPEG; charset=x" → "image/jpeg"; blank → null.</summary>
    public static string? MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return null;
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return type.Length == 0 ? null : type.ToLowerInvariant();
    }

    /// <summary>A short description of bytes that sniffed as nothing, for refusal messages and logs.</summary>
    public static string DescribeUnknown(ReadOnlySpan<byte> bytes)
    {
        var text = SkipBomAndWhitespace(bytes);
        if (text.Length > 0 && text[0] == (byte)'<')
        {
            var head = Encoding.ASCII.GetString(text[..Math.Min(text.Length, HeaderLength)]);
            if (head.Contains("html", StringComparison.OrdinalIgnoreCase))
                return "HTML";
            return "XML";
        }

        if (text.Length > 0 && text[0] is (byte)'{' or (byte)'[')
            return "JSON";
        return $"unrecognised (starting {Convert.ToHexString(bytes[..Math.Min(bytes.Length, 8)])})";
    }

    private static string? IsoMediaType(ReadOnlySpan<byte> bytes)
    {
        // The box size comes first; anything smaller than the ftyp header itself is not a real container.
        var boxSize = (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
        if (boxSize is > 0 and < 12)
            return null;

        var brand = Encoding.ASCII.GetString(bytes[8..12]);
        if (brand.StartsWith("3g", StringComparison.Ordinal))
            return "video/3gpp";
        if (brand is "M4A " or "M4B " or "M4P " or "F4A " or "F4B ")
            return "audio/mp4";
        // HEIF/AVIF stills share the container but are not videos, and are not formats we accept.
        if (brand is "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "mif1" or "msf1" or "avif" or "avis")
            return null;
        return "video/mp4";
    }

    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> bytes)
    {
        // 11 sync bits, then a valid version, a valid layer, a real bitrate (not "free" or "bad") and a valid rate.
        if (bytes.Length < 4 || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
            return false;
        var version = (bytes[1] >> 3) & 0x3;
        var layer = (bytes[1] >> 1) & 0x3;
        var bitrate = bytes[2] >> 4;
        var sampleRate = (bytes[2] >> 2) & 0x3;
        return version != 1 && layer != 0 && bitrate is not 0 and not 0xF && sampleRate != 3;
    }

    // ADTS (raw AAC) shares MPEG audio's sync word but has layer bits 00, which MPEG audio never uses.
    private static bool IsAdtsFrame(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 7 && bytes[0] == 0xFF && (bytes[1] & 0xF6) == 0xF0 && ((bytes[2] >> 2) & 0xF) < 13;

    private static bool IsVCard(ReadOnlySpan<byte> bytes)
    {
        var text = SkipBomAndWhitespace(bytes);
        var marker = "BEGIN:VCARD"u8;
        if (text.Length < marker.Length)
            return false;
        for (var i = 0; i < marker.Length; i++)
        {
            if (char.ToUpperInvariant((char)text[i]) != marker[i])
                return false;
        }

        return true;
    }

    private static ReadOnlySpan<byte> SkipBomAndWhitespace(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Utf8Bom))
            bytes = bytes[3..];
        while (bytes.Length > 0 && bytes[0] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            bytes = bytes[1..];
        return bytes;
    }
}
