using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Ai;
using Microsoft.Extensions.Configuration;
using OpenAI;
using OpenAI.Audio;

namespace MemoryAssistant.Infrastructure.Audio;

/// <param name="ApiKey"><c>OpenAI:ApiKey</c>, sent as a Bearer token.</param>
/// <param name="Model"><c>OpenAI:TranscriptionModel</c>, default "whisper-1"; also the transcript's engine name.</param>
/// <param name="BaseUrl">
/// <c>OpenAI:BaseUrl</c> for any OpenAI-compatible Whisper server, including the version segment
/// (e.g. <c>http://whisper.local:8000/v1</c>): the SDK appends <c>/audio/transcriptions</c>.
/// </param>
public sealed record WhisperOptions(string ApiKey, string Model = WhisperOptions.DefaultModel, Uri? BaseUrl = null)
{
    public const string DefaultModel = "whisper-1";

    /// <summary>Null when <c>OpenAI:ApiKey</c> is not set: the offline recogniser is used then.</summary>
    public static WhisperOptions? FromConfiguration(IConfiguration configuration) =>
        OpenAiSettings.Read(configuration, "TranscriptionModel", DefaultModel) is { } settings ? new WhisperOptions(settings.ApiKey, settings.Model, settings.BaseUrl) : null;
}

/// <summary>
/// Speech to text with Whisper through the OpenAI SDK (<c>POST {base}/audio/transcriptions</c>, verbose JSON
/// so the language and per-segment log-probabilities come back). Errors propagate: the media job retries.
/// </summary>
public sealed class WhisperTranscriber : ITranscriber
{
    // What the server sees as the upload's name; the extension tells it the format, the path stays private.
    private const string UploadFileName = "voice-note.wav";

    private static readonly Lazy<FrozenDictionary<string, string>> s_languageCodesByEnglishName = new(BuildLanguageCodes);

    private readonly AudioClient _client;
    private readonly string _model;

    public WhisperTranscriber(WhisperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            // The durable job retries with backoff; SDK retries underneath would multiply the attempts and delay.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromMinutes(2),
        };
        if (options.BaseUrl is not null)
            clientOptions.Endpoint = options.BaseUrl;
        _client = new AudioClient(options.Model, new ApiKeyCredential(options.ApiKey), clientOptions);
        _model = options.Model;
    }

    public async Task<TranscriptResult> TranscribeAsync(string wavPath, CancellationToken cancellationToken)
    {
        await using var audio = new FileStream(wavPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, useAsync: true);
        var options = new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose };
        var result = await _client.TranscribeAudioAsync(audio, UploadFileName, options, cancellationToken);
        var transcription = result.Value;
        return new TranscriptResult(
            transcription.Text?.Trim() ?? "",
            _model,
            ToLanguageCode(transcription.Language),
            ConfidenceFrom(result.GetRawResponse().Content),
            LowConfidence: false);
    }

    /// <summary>
    /// Whisper names the language ("english"); the rest of the app uses ISO 639-1 codes ("en"), as the offline
    /// recogniser does. Codes pass through; unknown names are kept as given.
    /// </summary>
    public static string? ToLanguageCode(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
            return null;
        var trimmed = language.Trim();
        return s_languageCodesByEnglishName.Value.TryGetValue(trimmed, out var code) ? code : trimmed;
    }

    /// <summary>
    /// exp(mean avg_logprob) over the segments that report one, clamped to 0–1. Read from the raw JSON because
    /// the SDK's model turns a missing avg_logprob into 0 (which would read as certainty).
    /// </summary>
    public static double? ConfidenceFrom(BinaryData responseBody)
    {
        ArgumentNullException.ThrowIfNull(responseBody);
        try
        {
            using var document = JsonDocument.Parse(responseBody.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("segments", out var segments)
                || segments.ValueKind != JsonValueKind.Array)
                return null;

            var logProbabilities = segments.EnumerateArray()
                .Where(segment => segment.ValueKind == JsonValueKind.Object)
                .Select(segment => segment.TryGetProperty("avg_logprob", out var value) && value.ValueKind == JsonValueKind.Number
                    ? value.GetDouble()
                    : (double?)null)
                .OfType<double>()
                .ToList();
            return logProbabilities.Count == 0 ? null : Math.Clamp(Math.Exp(logProbabilities.Average()), 0, 1);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FrozenDictionary<string, string> BuildLanguageCodes()
    {
        var codes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.NeutralCultures))
        {
            var code = culture.TwoLetterISOLanguageName;
            if (code.Length != 2 || string.IsNullOrEmpty(culture.Name))
                continue;
            codes.TryAdd(culture.EnglishName, code);
            codes.TryAdd(code, code);
        }

        return codes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
