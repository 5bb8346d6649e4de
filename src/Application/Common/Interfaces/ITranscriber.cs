using NodaTime;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Turns any audio (OGG/Opus voice notes, AMR, MP3…) into 16 kHz mono WAV, the form recognisers want.</summary>
public interface IAudioTranscoder
{
    /// <returns>The audio's duration.</returns>
    Task<Duration> ToWav16kMonoAsync(string inputPath, string outputWavPath, CancellationToken cancellationToken);
}

/// <summary>Speech to text: Whisper when configured, the offline recogniser otherwise.</summary>
public interface ITranscriber
{
    Task<TranscriptResult> TranscribeAsync(string wavPath, CancellationToken cancellationToken);
}

/// <param name="Engine">e.g. "whisper-1", "pocketsphinx".</param>
/// <param name="Confidence">0–1 when the engine says; null when it does not.</param>
/// <param name="LowConfidence">True for the offline recogniser: good enough to find a note by a few words.</param>
public sealed record TranscriptResult(string Text, string Engine, string? Language, double? Confidence, bool LowConfidence);
