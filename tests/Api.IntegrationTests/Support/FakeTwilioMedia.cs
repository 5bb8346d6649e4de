using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>
/// Twilio's media download as documented, on two loopback servers: the API host demands Basic auth and
/// answers 307 to a short-lived URL on a second "CDN" host, which must be fetched WITHOUT credentials.
/// </summary>
public sealed class FakeTwilioMedia : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    private readonly WebApplication _api;
    private readonly WebApplication _cdn;
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> _blobs = new();
    private readonly ConcurrentDictionary<string, string> _redirects = new();

    public ConcurrentBag<string> CdnAuthorizationHeaders { get; } = [];
    private int _apiRequests;

    public int ApiRequests => _apiRequests;

    private FakeTwilioMedia(WebApplication api, WebApplication cdn)
    {
        _api = api;
        _cdn = cdn;
    }

    private static readonly Lazy<FakeTwilioMedia> s_shared = new(() => StartAsync(ApiFactory.AuthToken).GetAwaiter().GetResult());

    /// <summary>One fake for the whole test run; every ApiFactory downloads media from it by default.</summary>
    public static FakeTwilioMedia Shared => s_shared.Value;

    /// <summary>The settings that point the app's downloader at this fake.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Twilio:AccountSid"] = AccountSid,
        ["Twilio:ApiBaseUrl"] = ApiBase.AbsoluteUri.TrimEnd('/'),
        ["Media:AllowedHosts:0"] = CdnHostPort,
        ["Media:AllowedHosts:1"] = ApiHostPort,
    };

    public Uri ApiBase { get; private set; } = null!;
    public Uri CdnBase { get; private set; } = null!;

    public static async Task<FakeTwilioMedia> StartAsync(string authToken)
    {
        var api = Build();
        var cdn = Build();
        var fake = new FakeTwilioMedia(api, cdn);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{authToken}"));

        api.MapGet("/2010-04-01/Accounts/{account}/Messages/{message}/Media/{media}", (string account, string media, HttpRequest request) =>
        {
            Interlocked.Increment(ref fake._apiRequests);
            if (account != AccountSid || request.Headers.Authorization.ToString() != expected)
                return Results.StatusCode(401);
            if (fake._redirects.TryGetValue(media, out var target))
                return Results.Redirect(target, permanent: false, preserveMethod: true);
            return fake._blobs.ContainsKey(media)
                ? Results.Redirect(new Uri(fake.CdnBase, $"blob/{media}?Expires=1700000000&Signature=abc").AbsoluteUri, permanent: false, preserveMethod: true)
                : Results.NotFound();
        });
        cdn.MapGet("/blob/{media}", (string media, HttpRequest request) =>
        {
            fake.CdnAuthorizationHeaders.Add(request.Headers.Authorization.ToString());
            return fake._blobs.TryGetValue(media, out var blob) ? Results.Bytes(blob.Bytes, blob.ContentType) : Results.NotFound();
        });

        await api.StartAsync();
        await cdn.StartAsync();
        fake.ApiBase = Address(api);
        fake.CdnBase = Address(cdn);
        return fake;
    }

    /// <summary>Publishes bytes; returns the Twilio API URL a webhook's MediaUrlN would carry.</summary>
    public string Publish(byte[] bytes, string contentType)
    {
        var mediaSid = "ME" + Guid.NewGuid().ToString("N");
        _blobs[mediaSid] = (bytes, contentType);
        return new Uri(ApiBase, $"2010-04-01/Accounts/{AccountSid}/Messages/MM{Guid.NewGuid():N}/Media/{mediaSid}").AbsoluteUri;
    }

    /// <summary>A media URL whose API answer redirects somewhere else (an attack on the downloader).</summary>
    public string PublishRedirect(string target)
    {
        var mediaSid = "ME" + Guid.NewGuid().ToString("N");
        _redirects[mediaSid] = target;
        return new Uri(ApiBase, $"2010-04-01/Accounts/{AccountSid}/Messages/MM{Guid.NewGuid():N}/Media/{mediaSid}").AbsoluteUri;
    }

    public string ApiHostPort => $"{ApiBase.Host}:{ApiBase.Port}";
    public string CdnHostPort => $"{CdnBase.Host}:{CdnBase.Port}";

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _cdn.DisposeAsync();
    }

    private static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
}
