namespace MemoryAssistant.Domain.Memories;

/// <summary>A label on a memory ("groceries"), kept in its own table so analytics can count tags.</summary>
public sealed class MemoryTag
{
    public const int MaxLength = 40;

    private MemoryTag() { Tag = ""; }

    internal MemoryTag(string tag) => Tag = tag;

    public long MemoryId { get; private set; }
    public string Tag { get; private set; }

    /// <summary>"#Groceries " and "groceries" are the same tag, and so are the two ways of typing "café".</summary>
    public static string Normalise(string? tag)
    {
        var t = (tag ?? "").Trim().TrimStart('#').Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();
        if (t.Length <= MaxLength)
            return t;
        // Never cut an emoji (a surrogate pair) in half.
        var cut = char.IsHighSurrogate(t[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return t[..cut];
    }
}
