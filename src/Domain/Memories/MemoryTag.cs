namespace MemoryAssistant.Domain.Memories;

/// <summary>A label on a memory ("groceries"), kept in its own table so analytics can count tags.</summary>
public sealed class MemoryTag
{
    public const int MaxLength = 40;

    private MemoryTag() { Tag = ""; }

    internal MemoryTag(string tag) => Tag = tag;

    public long MemoryId { get; private set; }
    public string Tag { get; private set; }

    /// <summary>"#Groceries " and "groceries" are the same tag.</summary>
    public static string Normalise(string? tag)
    {
        var t = (tag ?? "").Trim().TrimStart('#').ToLowerInvariant();
        return t.Length > MaxLength ? t[..MaxLength] : t;
    }
}
