using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Audio;

/// <summary>
/// A loopback OpenAI-compatible server: records every request as the SDK sent it (path, headers, multipart
/// fields and file) and answers with the configured status and JSON. Assertions happen in the tests.
/// </summary>
public sealed class FakeWhisperServer : IAsyncDisposable
{
    private LoopbackHttpServer _server = null!;

    public sealed record FilePart(string FieldName, string FileName, string? ContentType, byte[] Bytes);

    public sealed record RecordedRequest(
        string Method, string Path, string? Authorization, string? ContentType,
        IReadOnlyDictionary<string, string> Fields, IReadOnlyList<FilePart> Files);

    /// <summary>The base URL to configure (<c>OpenAI:BaseUrl</c>), with the <c>/v1</c> segment like api.openai.com.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string ResponseJson { get; set; } = "{}";

    public static async Task<FakeWhisperServer> StartAsync()
    {
        var fake = new FakeWhisperServer();
        fake._server = await LoopbackHttpServer.StartAsync(fake.HandleAsync);
        fake.BaseUrl = new Uri(fake._server.BaseUrl.AbsoluteUri.TrimEnd('/') + "/v1");
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var fields = new Dictionary<string, string>();
        var files = new List<FilePart>();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            foreach (var (key, value) in form)
                fields[key] = value.ToString();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, context.RequestAborted);
                files.Add(new FilePart(file.Name, file.FileName, file.ContentType, buffer.ToArray()));
            }
        }

        Requests.Enqueue(new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType, fields, files));

        context.Response.StatusCode = StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ResponseJson, context.RequestAborted);
    }
}
