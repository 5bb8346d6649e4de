using MemoryAssistant.Domain.Memories;

namespace MemoryAssistant.Application.Conversations;

/// <summary>What kind of memory an attachment makes, from its content type ("audio/ogg; codecs=opus" is audio).</summary>
public static class MediaKinds
{
    public static MemoryKind Of(string? contentType)
    {
        var type = (contentType ?? "").Split(';')[0].Trim();
        if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            return MemoryKind.Image;
        if (type.StartsWith("audio/", StringComparison.OrdinalIgnoreCase))
            return MemoryKind.Audio;
        return MemoryKind.Text;
    }
}
