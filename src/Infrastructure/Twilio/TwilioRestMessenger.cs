using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Infrastructure.Twilio;

/// <summary>
/// Sends WhatsApp messages through Twilio's Messages API (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>).
/// A refusal (4xx, e.g. 63016 outside the 24-hour window) comes back as a non-accepted result; 408/429/5xx are
/// retried by the client's resilience pipeline and, once it gives up, thrown so the caller keeps the message pending.
/// Free-form messages (<see cref="SendAsync"/>) only reach users inside WhatsApp's 24-hour window; approved templates
/// (<see cref="SendTemplateAsync"/>, <c>ContentSid</c> + <c>ContentVariables</c>) reach them outside it too.
/// </summary>
public sealed class TwilioRestMessenger : IOutboundMessenger
{
    public const string ChannelName = "twilio";

    /// <summary>Twilio's limit for one message body; callers split longer texts.</summary>
    public const int MaxBodyLength = OutboundMessageRules.MaxBodyLength;

    /// <summary>Status reported when Twilio refused the request, in Twilio's own message-status vocabulary.</summary>
    public const string FailedStatus = "failed";

    private readonly HttpClient _httpClient;
    private readonly ILogger<TwilioRestMessenger> _logger;
    private readonly Uri _messagesUri;
    private readonly string _basicCredentials;
    private readonly KeyValuePair<string, string> _sender;
    private readonly string? _statusCallback;

    public TwilioRestMessenger(HttpClient httpClient, IOptions<TwilioSenderOptions> options, ILogger<TwilioRestMessenger> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);

        var settings = options.Value;
        if (!settings.HasCredentials)
        {
            throw new InvalidOperationException("Twilio:AccountSid and Twilio:AuthToken are both required to send through Twilio.");
        }

        if (!Uri.TryCreate(settings.ApiBaseUrl, UriKind.Absolute, out var baseUri))
        {
            throw new InvalidOperationException($"Twilio:ApiBaseUrl '{settings.ApiBaseUrl}' is not an absolute URL.");
        }

        _httpClient = httpClient;
        _logger = logger;

        var accountSid = settings.AccountSid!.Trim();
        _messagesUri = new Uri(
            baseUri,
            baseUri.AbsolutePath.TrimEnd('/') + "/2010-04-01/Accounts/" + Uri.EscapeDataString(accountSid) + "/Messages.json");
        _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + settings.AuthToken!.Trim()));
        _sender = ResolveSender(settings);
        _statusCallback = string.IsNullOrWhiteSpace(settings.StatusCallbackUrl) ? null : settings.StatusCallbackUrl.Trim();
    }

    public string Channel => ChannelName;

    /// <summary>Twilio sends approved WhatsApp templates (Content API sids) outside the 24-hour window.</summary>
    public bool SupportsTemplates => true;

    public async Task<OutboundResult> SendAsync(WhatsAppNumber recipient, string body, IReadOnlyList<Uri> mediaUrls, CancellationToken cancellationToken)
    {
        // Validation throws before any request, so an oversize body never costs an API call.
        OutboundMessageRules.Validate(recipient, body, mediaUrls);

        var result = await PostAsync(recipient, BuildForm(recipient, body, mediaUrls), "message", cancellationToken);
        if (result.Accepted)
        {
            _logger.LogInformation(
                "Twilio accepted message {MessageSid} to {Recipient} with status {Status}",
                result.ProviderMessageId, recipient.Masked, result.Status);
        }

        return result;
    }

    /// <summary>
    /// Posts <c>ContentSid</c> and <c>ContentVariables</c> (a JSON object of strings, omitted when there are none) and
    /// no <c>Body</c>: Twilio renders the approved template. Variables are cleaned up and checked first, see
    /// <see cref="OutboundMessageRules.ValidateTemplate"/>; a bad sid or variable throws before any request.
    /// </summary>
    public async Task<OutboundResult> SendTemplateAsync(
        WhatsAppNumber recipient, string contentSid, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken)
    {
        var cleaned = OutboundMessageRules.ValidateTemplate(recipient, contentSid, variables);

        var result = await PostAsync(recipient, BuildTemplateForm(recipient, contentSid, cleaned), $"template {contentSid}", cancellationToken);
        if (result.Accepted)
        {
            // The variables are the user's words: the sid says which template went out, that is enough.
            _logger.LogInformation(
                "Twilio accepted template {ContentSid} as message {MessageSid} to {Recipient} with status {Status}",
                contentSid, result.ProviderMessageId, recipient.Masked, result.Status);
        }

        return result;
    }

    /// <summary>One POST to Messages.json; a refusal is a non-accepted result, a transient failure (after retries) throws.</summary>
    private async Task<OutboundResult> PostAsync(
        WhatsAppNumber recipient, List<KeyValuePair<string, string>> form, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri)
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicCredentials);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await _httpClient.SendAsync(request, cancellationToken);
        var json = await response.Content.ReadAsStringAsync(cancellationToken);

        if (IsTransient(response.StatusCode))
        {
            // The pipeline has already retried; throwing leaves the message pending for a later attempt.
            var (code, message) = ReadError(json);
            throw new HttpRequestException(
                $"Twilio answered {(int)response.StatusCode} for a {what} to {recipient.Masked} after retries"
                + (code is null ? "." : $" (code {code}: {message})."),
                inner: null,
                response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = ReadError(json);
            message ??= $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            _logger.LogWarning(
                "Twilio refused a {What} to {Recipient}: HTTP {StatusCode}, code {ErrorCode}: {ErrorMessage}",
                what, recipient.Masked, (int)response.StatusCode, code, message);
            return new OutboundResult(false, null, FailedStatus, code, message);
        }

        return ReadAccepted(json);
    }

    /// <summary>Statuses the resilience pipeline retries; reaching here means retries ran out.</summary>
    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private List<KeyValuePair<string, string>> BuildForm(WhatsAppNumber recipient, string body, IReadOnlyList<Uri> mediaUrls)
    {
        var form = new List<KeyValuePair<string, string>>(4 + mediaUrls.Count)
        {
            _sender,
            new("To", recipient.ChannelAddress),
        };

        // Twilio rejects an empty Body parameter, but a media-only message may omit it.
        if (body.Length > 0)
        {
            form.Add(new("Body", body));
        }

        foreach (var url in mediaUrls)
        {
            form.Add(new("MediaUrl", url.AbsoluteUri));
        }

        if (_statusCallback is not null)
        {
            form.Add(new("StatusCallback", _statusCallback));
        }

        return form;
    }

    private List<KeyValuePair<string, string>> BuildTemplateForm(
        WhatsAppNumber recipient, string contentSid, IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        var form = new List<KeyValuePair<string, string>>(5)
        {
            _sender,
            new("To", recipient.ChannelAddress),
            new("ContentSid", contentSid),
        };

        // A template without placeholders takes no ContentVariables at all.
        if (variables.Count > 0)
        {
            form.Add(new("ContentVariables", SerializeVariables(variables)));
        }

        if (_statusCallback is not null)
        {
            form.Add(new("StatusCallback", _statusCallback));
        }

        return form;
    }

    /// <summary><c>{"1":"call mom","2":"18:30"}</c>: a JSON object of strings, in the caller's order.</summary>
    internal static string SerializeVariables(IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps accents and "&" readable; the string is a form value, never HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in variables)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static KeyValuePair<string, string> ResolveSender(TwilioSenderOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.MessagingServiceSid))
        {
            return new("MessagingServiceSid", settings.MessagingServiceSid.Trim());
        }

        // Accept "+14155238886" as well as "whatsapp:+14155238886": without the prefix Twilio would send SMS.
        return WhatsAppNumber.TryParse(settings.WhatsAppFrom, out var from)
            ? new("From", from.ChannelAddress)
            : throw new InvalidOperationException($"Twilio:WhatsAppFrom '{settings.WhatsAppFrom}' is not a WhatsApp number such as {TwilioSenderOptions.SandboxFrom}.");
    }

    private OutboundResult ReadAccepted(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new OutboundResult(
                true,
                ReadString(root, "sid"),
                ReadString(root, "status") ?? "accepted",
                ReadInt(root, "error_code"),
                ReadString(root, "error_message"));
        }
        catch (JsonException)
        {
            // Twilio took the message; throwing would make the caller send it again.
            _logger.LogWarning("Twilio accepted a message but its response was not JSON; the sid is unknown");
            return new OutboundResult(true, null, "accepted");
        }
    }

    private static (int? Code, string? Message) ReadError(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return (ReadInt(root, "code"), ReadString(root, "message"));
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer with HTML; the HTTP status is all there is.
            return (null, null);
        }
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // Twilio documents error codes as integers, but older resources render some numbers as strings.
    private static int? ReadInt(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }
}
