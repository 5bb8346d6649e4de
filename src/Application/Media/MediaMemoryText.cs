using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Memories;

namespace MemoryAssistant.Application.Media;

/// <summary>The searchable text of a media memory: everything known about it, in one line of prose.</summary>
public static class MediaMemoryText
{
    public static string Compose(MediaAsset asset, Transcript? transcript, string caption)
    {
        var parts = new List<string>();
        if (caption.Length > 0)
            parts.Add(caption);
        if (asset.IsImage)
        {
            if (!string.IsNullOrWhiteSpace(asset.Description))
                parts.Add(asset.Description.Trim());
            if (!string.IsNullOrWhiteSpace(asset.OcrText))
                parts.Add($"Text in the photo: {asset.OcrText.Trim()}");
            if (parts.Count == 0)
                parts.Add("Photo");
        }
        else if (asset.IsAudio)
        {
            parts.Add(string.IsNullOrWhiteSpace(transcript?.Text)
                ? "Voice note (no words recognised)"
                : $"Voice note{(transcript.LowConfidence ? " (rough transcript)" : "")}: {transcript.Text}");
        }
        else if (parts.Count == 0)
        {
            parts.Add($"File ({asset.ContentType})");
        }

        var text = string.Join(" — ", parts);
        return text.Length <= Memory.MaxContentLength ? text : text[..(Memory.MaxContentLength - 1)] + "…";
    }
}
