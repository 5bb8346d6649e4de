using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MemoryAssistant.TestSupport;

/// <summary>
/// Twilio's Messages API on a <see cref="LoopbackHttpServer"/>, following the documented contract: Basic auth with the
/// account's sid and token, a form POST to /2010-04-01/Accounts/{sid}/Messages.json, 201 with the message JSON,
/// errors as <c>{"code","message","more_info","status"}</c>. Tests script responses to queue before the default 201.
/// Besides free-form messages (<c>Body</c>/<c>MediaUrl</c>) it takes templates (<c>ContentSid</c> +
/// <c>ContentVariables</c>), and it can play WhatsApp's 24-hour window: free-form messages to a recipient put
/// outside it (<see cref="CloseWindow"/>) are refused with 63016, while templates still go through.
/// </summary>
public sealed class FakeTwilioMessagesApi : IAsyncDisposable
{
    public const string SandboxFrom = "whatsapp:+14155238886";

    public const int OutsideWindowCode = 63016;

    public const string OutsideWindowMessage =
        "Failed to send freeform message because you are outside the allowed window. If you want to send messages outside this window, please use a Template.";

    public const int InvalidContentSidCode = 21655;

    public const int InvalidContentVariablesCode = 21656;

    private const string MessagesPathPrefix = "/2010-04-01/Accounts/";
    private const string MessagesPathSuffix = "/Messages.json";

    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, byte> _outsideWindow = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private LoopbackHttpServer _server = null!;

    private FakeTwilioMessagesApi(string accountSid, string authToken)
    {
        AccountSid = accountSid;
        AuthToken = authToken;
    }

    public string AccountSid { get; }

    public string AuthToken { get; }

    /// <summary>The origin to configure as <c>Twilio:ApiBaseUrl</c>.</summary>
    public Uri BaseUrl => _server.BaseUrl;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeTwilioMessagesApi> StartAsync()
    {
        var fake = new FakeTwilioMessagesApi("AC" + NewHex(), NewHex());
        fake._server = await LoopbackHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>Answers the next request with a Twilio error body.</summary>
    public void EnqueueError(int status, int code, string message, int? retryAfterSeconds = null) =>
        _script.Enqueue(new ScriptedResponse(status, code, message, retryAfterSeconds));

    /// <summary>
    /// Puts <paramref name="recipient"/> (<c>+447700900123</c> or <c>whatsapp:+447700900123</c>) outside the 24-hour
    /// window: free-form messages to it get HTTP 400 with code 63016 from now on; templates are still accepted.
    /// </summary>
    public void CloseWindow(string recipient) => _outsideWindow[ChannelAddress(recipient)] = 0;

    /// <summary>The recipient wrote again: free-form messages to it are accepted again.</summary>
    public void OpenWindow(string recipient) => _outsideWindow.TryRemove(ChannelAddress(recipient), out _);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!HttpMethods.IsPost(context.Request.Method)
            || !path.StartsWith(MessagesPathPrefix, StringComparison.Ordinal)
            || !path.EndsWith(MessagesPathSuffix, StringComparison.Ordinal)
            || path.Length <= MessagesPathPrefix.Length + MessagesPathSuffix.Length)
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, 20404, "The requested resource was not found");
            return;
        }

        var accountSid = Uri.UnescapeDataString(path[MessagesPathPrefix.Length..^MessagesPathSuffix.Length]);
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var fields = form?.ToDictionary(f => f.Key, f => f.Value.ToArray() as IReadOnlyList<string?>, StringComparer.Ordinal)
            ?? new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        var contentSid = form is not null && form.TryGetValue("ContentSid", out var sidValues) ? sidValues.ToString() : null;
        var rawVariables = form is not null && form.TryGetValue("ContentVariables", out var variableValues) ? variableValues.ToString() : null;
        var variables = rawVariables is null ? null : ParseVariables(rawVariables);
        _requests.Enqueue(new RecordedRequest(
            path,
            context.Request.ContentType,
            context.Request.Headers.Authorization.ToString(),
            fields,
            contentSid,
            variables,
            _clock.Elapsed));

        if (!string.Equals(accountSid, AccountSid, StringComparison.Ordinal) || !IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, 20003, "Authenticate");
            return;
        }

        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteErrorAsync(context.Response, scripted.Status, scripted.Code, scripted.Message);
            return;
        }

        if (form is null || !form.ContainsKey("To") || !(form.ContainsKey("From") || form.ContainsKey("MessagingServiceSid")))
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, 21604, "A 'To' phone number and a 'From' or 'MessagingServiceSid' are required.");
            return;
        }

        var to = form["To"].ToString();
        if (contentSid is null)
        {
            if (rawVariables is not null)
            {
                await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, 21654, "A ContentSid must be specified if ContentVariables are provided in the request.");
                return;
            }

            if (string.IsNullOrEmpty(form["Body"].ToString()) && form["MediaUrl"].Count == 0)
            {
                await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, 21619, "A text message body or media urls must be specified.");
                return;
            }

            if (_outsideWindow.ContainsKey(to))
            {
                await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, OutsideWindowCode, OutsideWindowMessage);
                return;
            }
        }
        else
        {
            if (!IsContentSid(contentSid))
            {
                await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, InvalidContentSidCode, "The ContentSid is Invalid");
                return;
            }

            if (rawVariables is not null && variables is null)
            {
                await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, InvalidContentVariablesCode, "The ContentVariables Parameter is invalid");
                return;
            }
        }

        var sid = "SM" + NewHex();
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            // Twilio renders a template's body itself; the fake has no templates to render.
            ["body"] = contentSid is null ? form["Body"].ToString() : string.Empty,
            ["date_created"] = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture),
            ["date_sent"] = null,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = form.TryGetValue("From", out var from) ? from.ToString() : null,
            ["messaging_service_sid"] = form.TryGetValue("MessagingServiceSid", out var service) ? service.ToString() : null,
            ["num_media"] = form["MediaUrl"].Count.ToString(CultureInfo.InvariantCulture),
            ["num_segments"] = "1",
            ["price"] = null,
            ["sid"] = sid,
            ["status"] = "queued",
            ["to"] = to,
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        });
    }

    /// <summary>A JSON object whose values are all non-empty strings, or null when it is anything else.</summary>
    private static Dictionary<string, string>? ParseVariables(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String
                    || string.IsNullOrEmpty(property.Value.GetString())
                    || !variables.TryAdd(property.Name, property.Value.GetString()!))
                {
                    return null;
                }
            }

            return variables;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsContentSid(string value) =>
        value.Length == 34 && value.StartsWith("HX", StringComparison.Ordinal) && value[2..].All(char.IsAsciiHexDigit);

    private static string ChannelAddress(string recipient) =>
        recipient.StartsWith("whatsapp:", StringComparison.Ordinal) ? recipient : "whatsapp:" + recipient;

    private bool IsAuthorized(string header)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..])) == AccountSid + ":" + AuthToken;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, int code, string message)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
            ["status"] = status,
        });
    }

    private static string NewHex() => Guid.NewGuid().ToString("N");

    /// <param name="Form">Every form field as sent, repeated keys (MediaUrl) in order.</param>
    /// <param name="ContentSid">The template's sid, or null for a free-form message.</param>
    /// <param name="ContentVariables">ContentVariables parsed as a JSON object of strings; null when absent or invalid
    /// (the raw text is in <paramref name="Form"/>).</param>
    /// <param name="ReceivedAt">Time since the fake started, to measure back-off between attempts.</param>
    public sealed record RecordedRequest(
        string Path,
        string? ContentType,
        string Authorization,
        IReadOnlyDictionary<string, IReadOnlyList<string?>> Form,
        string? ContentSid,
        IReadOnlyDictionary<string, string>? ContentVariables,
        TimeSpan ReceivedAt);

    private sealed record ScriptedResponse(int Status, int Code, string Message, int? RetryAfterSeconds);
}
