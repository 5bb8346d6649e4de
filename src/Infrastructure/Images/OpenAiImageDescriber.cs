using System.ClientModel;
using System.ClientModel.Primitives;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Ai;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

namespace MemoryAssistant.Infrastructure.Images;

/// <param name="ApiKey"><c>OpenAI:ApiKey</c>, sent as a Bearer token.</param>
/// <param name="Model"><c>OpenAI:VisionModel</c>, default "gpt-4o-mini".</param>
/// <param name="BaseUrl">
/// <c>OpenAI:BaseUrl</c> for any OpenAI-compatible server, including the version segment
/// (e.g. <c>http://localhost:11434/v1</c>): the SDK appends <c>/chat/completions</c>.
/// </param>
public sealed record OpenAiImageDescriberOptions(string ApiKey, string Model = OpenAiImageDescriberOptions.DefaultModel, Uri? BaseUrl = null)
{
    public const string DefaultModel = "gpt-4o-mini";

    /// <summary>
    /// Retries of a 408/429/5xx or a dropped connection, with the SDK's backoff. A failed description is not
    /// retried by the media job (the photo is remembered without it), so one retry happens here.
    /// </summary>
    public int MaxRetries { get; init; } = 1;

    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Null when <c>OpenAI:ApiKey</c> is not set: photos are then described by nothing but OCR and EXIF.</summary>
    public static OpenAiImageDescriberOptions? FromConfiguration(IConfiguration configuration) =>
        OpenAiSettings.Read(configuration, "VisionModel", DefaultModel) is { } settings ? new OpenAiImageDescriberOptions(settings.ApiKey, settings.Model, settings.BaseUrl) : null;
}

/// <summary>
/// One sentence about a photo from a vision model through the OpenAI SDK (<c>POST {base}/chat/completions</c>, the
/// image inlined as a <c>data:</c> URI so the server never fetches anything). Any failure is logged and gives
/// null: a missing description must not fail the photo.
/// </summary>
public sealed class OpenAiImageDescriber : IImageDescriber
{
    // What vision endpoints accept inline; anything else would be a guaranteed 400.
    private static readonly HashSet<string> s_supportedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "image/webp", "image/gif",
    };

    private readonly ChatClient _client;
    private readonly ILogger<OpenAiImageDescriber> _logger;

    public OpenAiImageDescriber(OpenAiImageDescriberOptions options, ILogger<OpenAiImageDescriber> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.NetworkTimeout,
        };
        if (options.BaseUrl is not null)
            clientOptions.Endpoint = options.BaseUrl;
        _client = new ChatClient(options.Model, new ApiKeyCredential(options.ApiKey), clientOptions);
        _logger = logger;
    }

    /// <summary>The instruction sent with the image; the caption, when there is one, helps the model name things.</summary>
    public static string Prompt(string? caption) =>
        "Describe this photo in one sentence for a personal memory log; include visible text"
        + (string.IsNullOrWhiteSpace(caption) ? "." : "; caption: " + caption.Trim());

    public async Task<string?> DescribeAsync(byte[] image, string contentType, string? caption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mediaType = contentType?.Split(';')[0].Trim() ?? "";
        if (image.Length == 0 || !s_supportedTypes.Contains(mediaType))
        {
            _logger.LogInformation("No description for a {ContentType} image: vision models take JPEG, PNG, WebP or GIF", contentType);
            return null;
        }

        UserChatMessage message = new(
            ChatMessageContentPart.CreateTextPart(Prompt(caption)),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(image), mediaType.ToLowerInvariant()));
        try
        {
            ChatCompletion completion = await _client.CompleteChatAsync([message], cancellationToken: cancellationToken);
            var text = string.Concat(completion.Content
                .Where(part => part.Kind == ChatMessageContentPartKind.Text)
                .Select(part => part.Text)).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (ClientResultException e) when (e.Status != 0)
        {
            _logger.LogWarning("The vision model answered {Status}; the photo is remembered without a description: {Message}", e.Status, e.Message);
            return null;
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException)
        {
            // Status 0: no HTTP answer at all (refused, reset, DNS).
            _logger.LogWarning(e, "The vision model could not be reached; the photo is remembered without a description");
            return null;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "The vision model timed out; the photo is remembered without a description");
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A 200 that is not a chat completion (an HTML error page, "{}", no choices) makes the SDK throw
            // JsonException or ArgumentOutOfRangeException from deep inside; whatever it is, the photo goes on.
            _logger.LogWarning(e, "The vision model's answer was not a chat completion; the photo is remembered without a description");
            return null;
        }
    }
}
