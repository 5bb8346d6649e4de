using System.Globalization;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Audio;

/// <summary>
/// Any voice note (OGG/Opus from WhatsApp, AMR, MP3, M4A…) to 16 kHz mono 16-bit WAV with ffmpeg.
/// Undecodable input and audio longer than the cap are rejected (<see cref="MediaRejectedException"/>: a retry
/// cannot help); a failed run never leaves a partial WAV behind.
/// </summary>
public sealed class FfmpegAudioTranscoder : IAudioTranscoder
{
    /// <summary>
    /// 13 minutes of 16 kHz mono s16 is 25 MB, Whisper's upload limit; WhatsApp voice notes are far shorter.
    /// </summary>
    public static readonly Duration DefaultMaxDuration = Duration.FromMinutes(13);

    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(60);

    // Only audio containers: keeps playlist/concat demuxers (which open other files or URLs) out of reach.
    private const string DemuxerAllowList = "ogg,mp3,wav,amr,amrnb,amrwb,mov,aac,flac,matroska,caf";

    private readonly string _ffmpegPath;
    private readonly TimeSpan _timeLimit;
    private readonly Duration _maxDuration;

    /// <param name="ffmpegPath">The executable; "ffmpeg" is looked up on PATH.</param>
    /// <param name="timeLimit">Wall-clock limit for one run (default 60 s); the process is killed after it.</param>
    /// <param name="maxDuration">Longest audio accepted (default <see cref="DefaultMaxDuration"/>).</param>
    public FfmpegAudioTranscoder(string ffmpegPath = "ffmpeg", TimeSpan? timeLimit = null, Duration? maxDuration = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpegPath);
        _ffmpegPath = ffmpegPath;
        _timeLimit = timeLimit ?? DefaultTimeLimit;
        _maxDuration = maxDuration ?? DefaultMaxDuration;
    }

    public async Task<Duration> ToWav16kMonoAsync(string inputPath, string outputWavPath, CancellationToken cancellationToken)
    {
        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputWavPath);
        if (!File.Exists(input))
            throw new FileNotFoundException("Audio to transcode does not exist.", input);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        // Decoding stops one second past the cap, so an hour-long file costs no more than a capped one.
        var stopAfter = (_maxDuration + Duration.FromSeconds(1)).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-protocol_whitelist", "file", "-format_whitelist", DemuxerAllowList,
            // "file:" so a name with a colon is never read as a protocol or URL.
            "-i", "file:" + input,
            "-vn", "-sn", "-dn", "-t", stopAfter,
            "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav",
            "file:" + output,
        ];

        try
        {
            var result = await ProcessRunner.RunAsync(_ffmpegPath, arguments, _timeLimit, cancellationToken);
            if (result.ExitCode != 0)
            {
                var reason = ProcessRunner.FirstLine(result.StandardError);
                throw new MediaRejectedException(string.Create(CultureInfo.InvariantCulture,
                    $"Audio could not be decoded (ffmpeg exit {result.ExitCode}): {(reason.Length > 0 ? reason : "no error message")}"));
            }

            var format = WavHeader.Read(output);
            if (format.DataBytes == 0)
                throw new MediaRejectedException("Audio contains no sound samples.");
            if (format.Duration > _maxDuration)
                throw new MediaRejectedException(string.Create(CultureInfo.InvariantCulture,
                    $"Audio is longer than the {_maxDuration.TotalMinutes:0.##}-minute limit."));
            return format.Duration;
        }
        catch
        {
            TryDelete(output);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Leaving a stray temp file is better than hiding the original error.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
