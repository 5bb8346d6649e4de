using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace MemoryAssistant.TestSupport;

/// <summary>
/// A loopback OpenAI-compatible server (Kestrel on 127.0.0.1, ephemeral port) for chat and embeddings: records
/// every request as the SDK sent it (method, path, Authorization, body) and answers with the configured status
/// and JSON, or per request through <see cref="Respond"/>, optionally after a delay. Assertions happen in the
/// tests, on what was recorded.
/// </summary>
public sealed class FakeOpenAiChatServer : IAsyncDisposable
{
    private LoopbackHttpServer _server = null!;

    public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);

    /// <summary>The base URL to configure (<c>OpenAI:BaseUrl</c>), with the <c>/v1</c> segment like api.openai.com.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string ResponseJson { get; set; } = "{}";

    /// <summary>
    /// When set, answers each request (a conversation needs a different answer per call); null answers 404, for
    /// endpoints this fake does not play.
    /// </summary>
    public Func<RecordedRequest, string?>? Respond { get; set; }

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>A standard <c>chat.completion</c> object whose single choice says <paramref name="content"/>.</summary>
    public static string ChatCompletion(string content, string model) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test-1",
            @object = "chat.completion",
            created = 1_763_000_000,
            model,
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" },
            },
            usage = new { prompt_tokens = 120, completion_tokens = 18, total_tokens = 138 },
        });

    /// <summary>
    /// A <c>chat.completion</c> whose single choice calls the tool <paramref name="name"/> with
    /// <paramref name="argumentsJson"/> (sent as the JSON-encoded string OpenAI uses), finish reason "tool_calls".
    /// </summary>
    public static string ToolCallCompletion(string name, string argumentsJson, string model) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test-2",
            @object = "chat.completion",
            created = 1_763_000_000,
            model,
            choices = new[]
            {
                new
                {
                    index = 0,
                    message = new
                    {
                        role = "assistant",
                        content = (string?)null,
                        tool_calls = new[] { new { id = "call_1", type = "function", function = new { name, arguments = argumentsJson } } },
                    },
                    finish_reason = "tool_calls",
                },
            },
            usage = new { prompt_tokens = 410, completion_tokens = 12, total_tokens = 422 },
        });

    public static async Task<FakeOpenAiChatServer> StartAsync()
    {
        var fake = new FakeOpenAiChatServer();
        fake._server = await LoopbackHttpServer.StartAsync(fake.HandleAsync);
        fake.BaseUrl = new Uri(fake._server.BaseUrl.AbsoluteUri.TrimEnd('/') + "/v1");
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "",
            context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
            context.Request.ContentType, body);
        Requests.Enqueue(request);

        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, context.RequestAborted);
        var json = Respond is null ? ResponseJson : Respond(request);
        if (json is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.StatusCode = StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }
}
