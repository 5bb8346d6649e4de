using Microsoft.Extensions.Configuration;

namespace MemoryAssistant.Infrastructure.Ai;

/// <summary>
/// The shared <c>OpenAI:*</c> settings: one key and base URL (any OpenAI-compatible server) for every
/// adapter, and a model per capability (<c>OpenAI:TranscriptionModel</c>, <c>OpenAI:VisionModel</c>).
/// </summary>
public sealed record OpenAiSettings(string ApiKey, string Model, Uri? BaseUrl)
{
    /// <summary>Null when <c>OpenAI:ApiKey</c> is not set: the offline default serves instead.</summary>
    public static OpenAiSettings? Read(IConfiguration configuration, string modelKey, string defaultModel)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var apiKey = configuration["OpenAI:ApiKey"];
        if (string.IsNullOrWhiteSpace(apiKey))
            return null;
        var model = configuration[$"OpenAI:{modelKey}"];
        var baseUrl = configuration["OpenAI:BaseUrl"];
        return new OpenAiSettings(
            apiKey.Trim(),
            string.IsNullOrWhiteSpace(model) ? defaultModel : model.Trim(),
            string.IsNullOrWhiteSpace(baseUrl) ? null : new Uri(baseUrl.Trim(), UriKind.Absolute));
    }
}
