using System.Diagnostics;
using MemoryAssistant.Infrastructure.Audio;
using Xunit.Abstractions;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Audio;

public sealed class PocketSphinxTranscriberTests(VoiceNoteFixture voiceNote, ITestOutputHelper output) : IClassFixture<VoiceNoteFixture>
{
    [Fact]
    public async Task TranscribeAsync_WhenSpokenVoiceNote_ThenContentWordsFoundAndMarkedLowConfidence()
    {
        var wav = voiceNote.NewPath("note16k.wav");
        await new FfmpegAudioTranscoder().ToWav16kMonoAsync(voiceNote.OggPath, wav, CancellationToken.None);
        var stopwatch = Stopwatch.StartNew();

        var transcript = await new PocketSphinxTranscriber().TranscribeAsync(wav, CancellationToken.None);

        output.WriteLine($"pocketsphinx ({stopwatch.ElapsedMilliseconds} ms): \"{transcript.Text}\"");
        transcript.Text.Split(' ').Should().IntersectWith(["milk", "eggs", "bread", "dinner", "tonight"],
            "the offline recogniser is rough but finds some of the words in \"{0}\"", VoiceNoteFixture.Phrase);
        transcript.Engine.Should().Be("pocketsphinx");
        transcript.Language.Should().Be("en");
        transcript.Confidence.Should().BeNull();
        transcript.LowConfidence.Should().BeTrue();
    }

    [Fact]
    public async Task TranscribeAsync_WhenWavIsNot16kMono_ThenArgumentExceptionSayingWhy()
    {
        // espeak-ng writes 22.05 kHz, which pocketsphinx's 16 kHz model cannot read.
        var transcribe = () => new PocketSphinxTranscriber().TranscribeAsync(voiceNote.SpokenWavPath, CancellationToken.None);

        (await transcribe.Should().ThrowAsync<ArgumentException>()).WithMessage("pocketsphinx needs 16 kHz mono 16-bit PCM WAV, got 22050 Hz*");
    }

    [Fact]
    public async Task TranscribeAsync_WhenExecutableMissing_ThenClearMessageWithInstallHint()
    {
        var wav = voiceNote.NewPath("note16k.wav");
        await new FfmpegAudioTranscoder().ToWav16kMonoAsync(voiceNote.OggPath, wav, CancellationToken.None);

        var transcribe = () => new PocketSphinxTranscriber(executable: "/nonexistent/bin/pocketsphinx_continuous").TranscribeAsync(wav, CancellationToken.None);

        (await transcribe.Should().ThrowAsync<ExternalToolNotFoundException>())
            .WithMessage("pocketsphinx_continuous not found: run scripts/install-system-deps.sh*");
    }

    [Fact]
    public async Task TranscribeAsync_WhenModelMissing_ThenClearMessageWithInstallHint()
    {
        var wav = voiceNote.NewPath("note16k.wav");
        await new FfmpegAudioTranscoder().ToWav16kMonoAsync(voiceNote.OggPath, wav, CancellationToken.None);

        var transcribe = () => new PocketSphinxTranscriber(modelDirectory: "/nonexistent/model/en-us").TranscribeAsync(wav, CancellationToken.None);

        (await transcribe.Should().ThrowAsync<ExternalToolNotFoundException>())
            .WithMessage("pocketsphinx-en-us model not found: run scripts/install-system-deps.sh (tried '/nonexistent/model/en-us')");
    }
}
