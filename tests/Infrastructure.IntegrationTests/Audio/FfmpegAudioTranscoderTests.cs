using System.Buffers.Binary;
using System.Text;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Infrastructure.Audio;
using NodaTime;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Audio;

public sealed class FfmpegAudioTranscoderTests(VoiceNoteFixture voiceNote) : IClassFixture<VoiceNoteFixture>
{
    private readonly FfmpegAudioTranscoder _transcoder = new();

    [Fact]
    public async Task ToWav16kMonoAsync_WhenOggOpusVoiceNote_ThenWav16kMono16BitAndItsDuration()
    {
        var output = voiceNote.NewPath("out.wav");

        var duration = await _transcoder.ToWav16kMonoAsync(voiceNote.OggPath, output, CancellationToken.None);

        // Read the header by hand (not with WavHeader) so the test does not check the code with itself.
        var bytes = await File.ReadAllBytesAsync(output);
        Encoding.ASCII.GetString(bytes, 0, 4).Should().Be("RIFF");
        Encoding.ASCII.GetString(bytes, 8, 8).Should().Be("WAVEfmt ");
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)).Should().Be(1, "PCM");
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(22)).Should().Be(1, "mono");
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)).Should().Be(16000, "16 kHz");
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(34)).Should().Be(16, "16-bit samples");
        // espeak-ng says the phrase in about three seconds.
        duration.Should().BeGreaterThan(Duration.FromSeconds(2)).And.BeLessThan(Duration.FromSeconds(6));
        var samples = (bytes.Length - DataOffset(bytes)) / 2.0;
        duration.TotalSeconds.Should().BeApproximately(samples / 16000, 0.01);
    }

    [Fact]
    public async Task ToWav16kMonoAsync_WhenCorruptInput_ThenRejectedWithFfmpegsReasonAndNoOutput()
    {
        var input = voiceNote.NewPath("corrupt.ogg");
        await File.WriteAllBytesAsync(input, Enumerable.Range(0, 4096).Select(i => (byte)(i * 131 % 251)).ToArray());
        var output = voiceNote.NewPath("out.wav");

        var transcode = () => _transcoder.ToWav16kMonoAsync(input, output, CancellationToken.None);

        var rejected = await transcode.Should().ThrowAsync<MediaRejectedException>();
        rejected.Which.Message.Should().StartWith("Audio could not be decoded (ffmpeg exit 1): ").And.Contain("corrupt.ogg");
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public async Task ToWav16kMonoAsync_WhenTruncatedVoiceNote_ThenRejected()
    {
        var input = voiceNote.NewPath("truncated.ogg");
        await File.WriteAllBytesAsync(input, (await File.ReadAllBytesAsync(voiceNote.OggPath))[..2000]);
        var output = voiceNote.NewPath("out.wav");

        var transcode = () => _transcoder.ToWav16kMonoAsync(input, output, CancellationToken.None);

        await transcode.Should().ThrowAsync<MediaRejectedException>();
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public async Task ToWav16kMonoAsync_WhenPlaylistPretendingToBeAudio_ThenRejectedWithoutReadingOtherFiles()
    {
        // An HLS playlist is a classic way to make ffmpeg read local files or fetch URLs.
        var input = voiceNote.NewPath("playlist.ogg");
        await File.WriteAllTextAsync(input, $"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\nfile:{voiceNote.OggPath}\n#EXT-X-ENDLIST\n");
        var output = voiceNote.NewPath("out.wav");

        var transcode = () => _transcoder.ToWav16kMonoAsync(input, output, CancellationToken.None);

        await transcode.Should().ThrowAsync<MediaRejectedException>();
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public async Task ToWav16kMonoAsync_WhenLongerThanTheCap_ThenRejectedAndNoOutput()
    {
        var transcoder = new FfmpegAudioTranscoder(maxDuration: Duration.FromSeconds(1));
        var output = voiceNote.NewPath("out.wav");

        var transcode = () => transcoder.ToWav16kMonoAsync(voiceNote.OggPath, output, CancellationToken.None);

        (await transcode.Should().ThrowAsync<MediaRejectedException>()).WithMessage("Audio is longer than the 0.02-minute limit.");
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public async Task ToWav16kMonoAsync_WhenFfmpegMissing_ThenClearMessageWithInstallHint()
    {
        var transcoder = new FfmpegAudioTranscoder(ffmpegPath: "/nonexistent/bin/ffmpeg");

        var transcode = () => transcoder.ToWav16kMonoAsync(voiceNote.OggPath, voiceNote.NewPath("out.wav"), CancellationToken.None);

        (await transcode.Should().ThrowAsync<ExternalToolNotFoundException>())
            .WithMessage("ffmpeg not found: run scripts/install-system-deps.sh*");
    }

    private static int DataOffset(byte[] wav)
    {
        var position = 12;
        while (Encoding.ASCII.GetString(wav, position, 4) != "data")
            position += 8 + BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(position + 4));
        return position + 8;
    }
}
