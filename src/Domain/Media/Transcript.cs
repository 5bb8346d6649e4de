using MemoryAssistant.Domain.Common;
using NodaTime;

namespace MemoryAssistant.Domain.Media;

/// <summary>What a voice note says, once per audio asset: the same recording is never transcribed twice.</summary>
public sealed class Transcript
{
    private Transcript() { Text = ""; Engine = ""; }

    public long Id { get; private set; }
    public long MediaAssetId { get; private set; }
    public MediaAsset? MediaAsset { get; private set; }
    public string Text { get; private set; }

    /// <summary>"whisper-1", "pocketsphinx", …</summary>
    public string Engine { get; private set; }

    public string? Language { get; private set; }
    public double? Confidence { get; private set; }

    /// <summary>True for the offline recogniser: rough, but enough to find a note by a few words.</summary>
    public bool LowConfidence { get; private set; }

    public long? DurationMs { get; private set; }
    public Instant CreatedAt { get; private set; }

    public static Transcript Of(MediaAsset asset, string text, string engine, string? language, double? confidence, bool lowConfidence, Duration? duration, Instant now)
    {
        if (!asset.IsAudio)
            throw new DomainException("Only audio has a transcript.");
        return new Transcript
        {
            MediaAsset = asset,
            Text = (text ?? "").Trim(),
            Engine = engine,
            Language = language,
            Confidence = confidence,
            LowConfidence = lowConfidence,
            DurationMs = duration is { } d ? (long)d.TotalMilliseconds : null,
            CreatedAt = now,
        };
    }
}
