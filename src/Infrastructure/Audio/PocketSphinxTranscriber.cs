using System.Globalization;
using MemoryAssistant.Application.Common.Interfaces;

namespace MemoryAssistant.Infrastructure.Audio;

/// <summary>
/// Offline speech recognition with Debian's pocketsphinx and its en-us model. Rough on real speech (good
/// enough to find a note by a few words), so results are marked low-confidence.
/// </summary>
public sealed class PocketSphinxTranscriber : ITranscriber
{
    public const string EngineName = "pocketsphinx";
    public const string DefaultExecutable = "pocketsphinx_continuous";
    public const string DefaultModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    // Decoding takes about 0.6 s of CPU per second of audio; the generous floor covers model loading on a
    // busy machine (measured 19 s for a 3 s note at load average 14 on two cores).
    private static readonly TimeSpan s_baseTimeLimit = TimeSpan.FromSeconds(60);

    private readonly string _executable;
    private readonly string _acousticModel;
    private readonly string _languageModel;
    private readonly string _dictionary;

    public PocketSphinxTranscriber(string executable = DefaultExecutable, string modelDirectory = DefaultModelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        _executable = executable;
        _acousticModel = Path.Combine(modelDirectory, "en-us");
        _languageModel = Path.Combine(modelDirectory, "en-us.lm.bin");
        _dictionary = Path.Combine(modelDirectory, "cmudict-en-us.dict");
    }

    public async Task<TranscriptResult> TranscribeAsync(string wavPath, CancellationToken cancellationToken)
    {
        var format = WavHeader.Read(wavPath);
        // Other rates decode to silence or fail without a useful message, so say what is wrong up front.
        if (!format.IsPcm16kMono16Bit)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"pocketsphinx needs 16 kHz mono 16-bit PCM WAV, got {format.SampleRate} Hz, {format.Channels} channel(s), {format.BitsPerSample}-bit: transcode it first."),
                nameof(wavPath));
        if (!File.Exists(Path.Combine(_acousticModel, "mdef")) || !File.Exists(_languageModel) || !File.Exists(_dictionary))
            throw ExternalToolNotFoundException.For("pocketsphinx-en-us model", Path.GetDirectoryName(_languageModel)!);

        // Model paths are explicit so a missing model package is reported here, not as a decoder crash.
        // The log goes to stderr (about 9 KB a run) so a failure can quote pocketsphinx's own ERROR line.
        string[] arguments =
        [
            "-hmm", _acousticModel,
            "-lm", _languageModel,
            "-dict", _dictionary,
            "-infile", Path.GetFullPath(wavPath),
        ];
        var timeLimit = s_baseTimeLimit + format.Duration.ToTimeSpan();
        var result = await ProcessRunner.RunAsync(_executable, arguments, timeLimit, cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"pocketsphinx failed (exit {result.ExitCode}): {ErrorLine(result.StandardError)}"));

        // One line per utterance it segmented out of the audio.
        var text = string.Join(' ', result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new TranscriptResult(text, EngineName, "en", Confidence: null, LowConfidence: true);
    }

    private static string ErrorLine(string log) =>
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(line => line.StartsWith("FATAL", StringComparison.Ordinal) || line.StartsWith("ERROR", StringComparison.Ordinal))
        ?? "no error message";
}
