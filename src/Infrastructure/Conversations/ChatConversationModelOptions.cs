using System.Globalization;
using MemoryAssistant.Infrastructure.Ai;
using Microsoft.Extensions.Configuration;

namespace MemoryAssistant.Infrastructure.Conversations;

/// <param name="ApiKey"><c>OpenAI:ApiKey</c>, sent as a Bearer token.</param>
/// <param name="Model"><c>OpenAI:ChatModel</c>, default "gpt-4o-mini".</param>
/// <param name="BaseUrl"><c>OpenAI:BaseUrl</c> for any OpenAI-compatible server, with its version segment (<c>…/v1</c>).</param>
public sealed record ChatConversationModelOptions(string ApiKey, string Model = ChatConversationModelOptions.DefaultModel, Uri? BaseUrl = null)
{
    public const string DefaultModel = "gpt-4o-mini";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(8);

    /// <summary>
    /// <c>OpenAI:ChatTimeout</c>: the whole budget of one call, retries included, since someone is waiting on WhatsApp
    /// and the rules answer instantly. Seconds ("8", "2.5") or a TimeSpan ("00:00:08").
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Retries of a 408/429/5xx or a dropped connection, within <see cref="Timeout"/>.</summary>
    public int MaxRetries { get; init; } = 1;

    /// <summary>Null when <c>OpenAI:ApiKey</c> is not set: the offline model serves instead.</summary>
    public static ChatConversationModelOptions? FromConfiguration(IConfiguration configuration)
    {
        if (OpenAiSettings.Read(configuration, "ChatModel", DefaultModel) is not { } settings)
            return null;
        return new ChatConversationModelOptions(settings.ApiKey, settings.Model, settings.BaseUrl)
        {
            Timeout = ParseTimeout(configuration["OpenAI:ChatTimeout"]),
        };
    }

    /// <summary>Seconds or a TimeSpan; blank, zero, negative or unreadable gives the default.</summary>
    public static TimeSpan ParseTimeout(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return DefaultTimeout;
        // A bare number is seconds: TimeSpan.Parse("8") would be eight days.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds > 0 && seconds <= 600 ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero && timeout <= TimeSpan.FromMinutes(10)
            ? timeout
            : DefaultTimeout;
    }
}
