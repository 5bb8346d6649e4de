using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MemoryAssistant.Application.Common.Paging;

/// <summary>
/// Keyset position in a newest-first list: (occurred at, id) of the last item seen. Opaque to callers so
/// the ordering can change without breaking them; stable while new memories arrive (unlike offsets).
/// </summary>
public readonly record struct Cursor(long OccurredAtUnixMs, long Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{OccurredAtUnixMs}:{Id}")));

    public static bool TryDecode(string? text, out Cursor cursor)
    {
        cursor = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
            return false;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var at)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                cursor = new Cursor(at, id);
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64url: fall through to "invalid cursor".
        }

        return false;
    }
}
