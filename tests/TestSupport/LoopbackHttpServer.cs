using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.TestSupport;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, answering every request with one handler and
/// recording what arrived (path and Authorization header), so tests see exactly what the client sent.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHttpServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>"127.0.0.1:port", as an allow-list entry.</summary>
    public string HostAndPort => BaseUrl.Authority;

    public int Port => BaseUrl.Port;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Cancelled when the request is aborted or the server stops, whichever comes first.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<LoopbackHttpServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();

        LoopbackHttpServer? server = null;
        app.Run(async context =>
        {
            server!.Requests.Enqueue(new RecordedRequest(
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null));
            await handler(context);
        });
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new LoopbackHttpServer(app, new Uri(address));
        return server;
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record RecordedRequest(string PathAndQuery, string? Authorization);
}
