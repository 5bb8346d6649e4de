using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Media;

/// <summary>
/// The downloader against two real loopback servers: one plays Twilio's API (checks Basic auth, answers
/// 307 to the CDN), the other plays the CDN (must never see the credentials). Wired through
/// <see cref="MediaDownloadRegistration.AddMediaDownload"/>, so the handler, redirects and retries are the real ones.
/// </summary>
[Collection(LoopbackHttpTests.Name)]
public sealed class TwilioMediaDownloaderTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "s3cr3t-auth-token";
    private const string MediaPath = "/2010-04-01/Accounts/" + AccountSid + "/Messages/MM0001/Media/ME0001";
    private const int MiB = 1024 * 1024;

    // Real files made with ImageMagick (`convert -size 2x2 xc:red -strip`, `-size 1x1 xc:blue`) and
    // ffmpeg (a 50 ms Opus sine in OGG).
    private static readonly byte[] s_jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAACAAIDAREAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAACP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAVAQEBAAAAAAAAAAAAAAAAAAAHCf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/ADoDFU3/2Q==");

    private static readonly byte[] s_png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABAQMAAAAl21bKAAAAA1BMVEUAAP+KeNJXAAAACklEQVQI12NgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==");

    private static readonly byte[] s_ogg = Convert.FromBase64String(
        "T2dnUwACAAAAAAAAAACGvu/1AAAAAKh3T3QBE09wdXNIZWFkAQE4AUAfAAAAAABPZ2dTAAAAAAAAAAAAAIa+7/UBAAAAHJ10qgE+T3B1c1RhZ3MNAAAATGF2ZjU5LjI3LjEwMAEAAAAdAAAAZW5jb2Rlcj1MYXZjNTkuMzcuMTAwIGxpYm9wdXNPZ2dTAASYCgAAAAAAAIa+7/UCAAAACeWYAwMQFg8IgxDhxhgouW+HD16k6KuACKcaXYqYLl9vBdfOBKA+3mXPzRh70Aii0jGBOABr5ZjZYSEUwA==");

    private static readonly string s_expectedAuthorization =
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));

    private readonly ConcurrentQueue<string> _logs = new();
    private readonly List<ServiceProvider> _providers = [];
    private LoopbackHttpServer _api = null!;
    private LoopbackHttpServer _cdn = null!;
    private Func<HttpContext, Task> _apiHandler = null!;
    private Func<HttpContext, Task> _cdnHandler = null!;

    public async Task InitializeAsync()
    {
        _cdn = await LoopbackHttpServer.StartAsync(context => _cdnHandler(context));
        _api = await LoopbackHttpServer.StartAsync(context => _apiHandler(context));
        _apiHandler = TwilioApiRedirectingTo(_cdn.Url("/media/abc?Expires=1&Signature=sig"));
        _cdnHandler = Serve(s_jpeg, "image/jpeg");
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
        await _api.DisposeAsync();
        await _cdn.DisposeAsync();
        // No test, refused or not, may ever write the token into a log.
        _logs.Should().NotContain(m => m.Contains(AuthToken, StringComparison.Ordinal));
    }

    private Uri MediaUrl => _api.Url(MediaPath);

    [Theory]
    [InlineData("jpeg", "image/jpeg", "image/jpeg")]
    [InlineData("png", "image/png", "image/png")]
    [InlineData("ogg", "audio/ogg", "audio/ogg")]
    [InlineData("ogg", "audio/ogg; codecs=opus", "audio/ogg")]
    [InlineData("jpeg", null, "image/jpeg")]
    public async Task DownloadAsync_WhenTwilioRedirectsToTheCdn_ThenReturnsTheBytesWithTheirSniffedTypeAndHash(string sample, string? declared, string expectedType)
    {
        var bytes = sample switch { "jpeg" => s_jpeg, "png" => s_png, _ => s_ogg };
        _cdnHandler = Serve(bytes, declared ?? "application/octet-stream");

        var media = await CreateDownloader().DownloadAsync(MediaUrl, declared, CancellationToken.None);

        media.Bytes.Should().Equal(bytes);
        media.ContentType.Should().Be(expectedType);
        media.Sha256.Should().Be(ContentHash.Of(bytes));
    }

    [Fact]
    public async Task DownloadAsync_WhenFollowingTheRedirect_ThenCredentialsReachTheApiButNeverTheCdn()
    {
        await CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        _api.Requests.Should().ContainSingle().Which.Should().Be(new LoopbackHttpServer.RecordedRequest(MediaPath, s_expectedAuthorization));
        _cdn.Requests.Should().ContainSingle().Which.Should().Be(new LoopbackHttpServer.RecordedRequest("/media/abc?Expires=1&Signature=sig", null));
    }

    [Fact]
    public async Task DownloadAsync_WhenNoCredentialsAreConfigured_ThenNoAuthorizationIsSentAndTheApisRefusalIsFinal()
    {
        var downloader = CreateDownloader(settings => settings.Remove("Twilio:AuthToken"));

        var act = () => downloader.DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*401*");
        _api.Requests.Should().ContainSingle().Which.Authorization.Should().BeNull();
        _cdn.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_WhenTheUrlIsThePublicBaseUrl_ThenItIsFetchedWithoutCredentials()
    {
        _cdnHandler = Serve(s_png, "image/png");
        var downloader = CreateDownloader(settings =>
        {
            settings.Remove("Media:AllowedHosts:1");
            settings["PublicBaseUrl"] = _cdn.BaseUrl.ToString();
        });

        var media = await downloader.DownloadAsync(_cdn.Url("/uploads/1"), "image/png", CancellationToken.None);

        media.ContentType.Should().Be("image/png");
        _cdn.Requests.Should().ContainSingle().Which.Authorization.Should().BeNull();
    }

    [Fact]
    public async Task DownloadAsync_WhenRedirectedToAHostThatIsNotAllowed_ThenRefusedWithoutContactingIt()
    {
        await using var stranger = await LoopbackHttpServer.StartAsync(Serve(s_jpeg, "image/jpeg"));
        // Same address as the allowed servers, different port: entries are host:port, not just host.
        _apiHandler = TwilioApiRedirectingTo(stranger.Url("/media/abc"));

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage($"*redirect host {stranger.HostAndPort} is not allowed*");
        stranger.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_WhenRedirectedToTheCloudMetadataAddress_ThenRefusedAndLogged()
    {
        _apiHandler = TwilioApiRedirectingTo(new Uri("http://169.254.169.254/latest/meta-data/iam/security-credentials/"));

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*redirect host 169.254.169.254 is not allowed (a link-local address)*");
        _logs.Should().ContainSingle(m => m.StartsWith("Media download refused:", StringComparison.Ordinal))
            .Which.Should().Contain("169.254.169.254").And.Contain(MediaPath).And.NotContain("\n");
    }

    [Theory]
    [InlineData("http://10.0.0.5/media")]
    [InlineData("http://192.168.1.1/media")]
    [InlineData("http://172.16.0.1/media")]
    [InlineData("http://127.0.0.1/media")]
    [InlineData("http://0.0.0.0/media")]
    [InlineData("http://[::1]/media")]
    [InlineData("http://[fe80::1]/media")]
    [InlineData("http://[fd00::1]/media")]
    [InlineData("http://[::ffff:169.254.169.254]/media")]
    [InlineData("https://evil.example.com/media")]
    public async Task DownloadAsync_WhenRedirectedToAnInternalOrUnknownHost_ThenRefused(string target)
    {
        _apiHandler = TwilioApiRedirectingTo(new Uri(target));

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*not allowed*");
    }

    [Fact]
    public async Task DownloadAsync_WhenTheRedirectChainIsLongerThanMaxRedirects_ThenRefused()
    {
        _apiHandler = TwilioApiRedirectingTo(_cdn.Url("/hop/1"));
        _cdnHandler = context =>
        {
            // Every hop points one further, forever.
            var next = int.Parse(context.Request.Path.Value!["/hop/".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1;
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"/hop/{next}";
            return Task.CompletedTask;
        };

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*more than 3 redirects*");
        _cdn.Requests.Select(r => r.PathAndQuery).Should().Equal("/hop/1", "/hop/2", "/hop/3");
    }

    [Fact]
    public async Task DownloadAsync_WhenTheChainHasExactlyMaxRedirectsWithRelativeLocations_ThenFollowsThemWithoutCredentials()
    {
        _apiHandler = TwilioApiRedirectingTo(_cdn.Url("/hop/1"));
        _cdnHandler = context => context.Request.Path.Value switch
        {
            "/hop/1" => Redirect(context, StatusCodes.Status301MovedPermanently, "/hop/2"),
            "/hop/2" => Redirect(context, StatusCodes.Status308PermanentRedirect, "final"),
            _ => Serve(s_ogg, "audio/ogg")(context),
        };

        var media = await CreateDownloader().DownloadAsync(MediaUrl, "audio/ogg", CancellationToken.None);

        media.Bytes.Should().Equal(s_ogg);
        _cdn.Requests.Select(r => r.PathAndQuery).Should().Equal("/hop/1", "/hop/2", "/hop/final");
        _cdn.Requests.Should().OnlyContain(r => r.Authorization == null);
    }

    [Fact]
    public async Task DownloadAsync_WhenAnHtmlPageIsLabelledImageJpeg_ThenRefused()
    {
        _cdnHandler = Serve(Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please log in</body></html>"), "image/jpeg");

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*declared image/jpeg but the bytes are HTML*not a supported media type*");
    }

    [Fact]
    public async Task DownloadAsync_WhenTheBytesAreAnotherSupportedTypeThanDeclared_ThenRefused()
    {
        _cdnHandler = Serve(s_png, "audio/ogg");

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "audio/ogg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*declared audio/ogg but the bytes are image/png*");
    }

    [Fact]
    public async Task DownloadAsync_WhenContentLengthIsAboveTheLimit_ThenRefusedBeforeReadingTheBody()
    {
        _cdnHandler = async context =>
        {
            context.Response.ContentType = "audio/ogg";
            context.Response.ContentLength = 100L * MiB;
            await context.Response.Body.WriteAsync(s_ogg);
            await context.Response.Body.FlushAsync();
            // Holds the connection open: only a client that refuses up front finishes quickly.
            await WaitUntilAborted(context);
        };
        var stopwatch = Stopwatch.StartNew();

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "audio/ogg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*Content-Length 104857600 is above the 16 MiB limit*");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task DownloadAsync_WhenAChunkedBodyNeverEnds_ThenRefusedOnceItPassesTheLimit()
    {
        _cdnHandler = async context =>
        {
            context.Response.ContentType = "audio/ogg";
            var chunk = new byte[64 * 1024];
            s_ogg.CopyTo(chunk, 0);
            try
            {
                // Up to 256 MiB, far past any limit, with no Content-Length to refuse up front.
                for (var i = 0; i < 4096 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    chunk.AsSpan().Clear();
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client hung up, as it should.
            }
        };

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "audio/ogg", CancellationToken.None);

        // Refused at the first byte past the limit: the downloader never holds more than limit + 1 bytes.
        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage($"*media is larger than the 16 MiB limit (stopped after {(16 * MiB) + 1} bytes)*");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DownloadAsync_WhenAnImageIsAboveFiveMiB_ThenRefusedEvenThoughOtherMediaMayBeLarger(bool sendContentLength)
    {
        _cdnHandler = Serve(Padded(s_jpeg, 6 * MiB), "image/jpeg", sendContentLength);

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage(sendContentLength
            ? "*Content-Length 6291456 is above the 5 MiB limit for images*"
            : "*image is larger than the 5 MiB limit for images*");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DownloadAsync_WhenAudioIsSixMiB_ThenAccepted(bool sendContentLength)
    {
        var audio = Padded(s_ogg, 6 * MiB);
        _cdnHandler = Serve(audio, "audio/ogg", sendContentLength);

        var media = await CreateDownloader().DownloadAsync(MediaUrl, "audio/ogg", CancellationToken.None);

        media.Bytes.Should().HaveCount(6 * MiB).And.Equal(audio);
        media.ContentType.Should().Be("audio/ogg");
    }

    [Fact]
    public async Task DownloadAsync_WhenTheBodyIsEmpty_ThenRefused()
    {
        _cdnHandler = Serve([], "image/jpeg");

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*empty*");
    }

    [Fact]
    public async Task DownloadAsync_WhenTheMediaIsGone_ThenRefusedWithoutRetrying()
    {
        _apiHandler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        };

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*404*");
        _api.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task DownloadAsync_WhenTheApiFailsTwiceWith503_ThenTheThirdAttemptSucceeds()
    {
        var redirect = TwilioApiRedirectingTo(_cdn.Url("/media/abc"));
        var calls = 0;
        _apiHandler = context =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            return redirect(context);
        };

        var media = await CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        media.Bytes.Should().Equal(s_jpeg);
        _api.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Authorization == s_expectedAuthorization);
        _cdn.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task DownloadAsync_WhenTheCdnKeepsFailing_ThenTheTransientErrorPropagatesAfterThreeAttempts()
    {
        _cdnHandler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return Task.CompletedTask;
        };

        var act = () => CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        _cdn.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task DownloadAsync_WhenRateLimitedWithRetryAfter_ThenWaitsThatLongAndSucceeds()
    {
        var redirect = TwilioApiRedirectingTo(_cdn.Url("/media/abc"));
        var calls = 0;
        _apiHandler = context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return Task.CompletedTask;
            }

            return redirect(context);
        };
        var stopwatch = Stopwatch.StartNew();

        var media = await CreateDownloader().DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        media.ContentType.Should().Be("image/jpeg");
        stopwatch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "the configured back-off is 10 ms; only Retry-After explains the wait");
        _api.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task DownloadAsync_WhenHttpsIsRequiredAndTheUrlIsHttp_ThenRefusedWithoutContactingIt()
    {
        var downloader = CreateDownloader(isDevelopment: false, configure: settings => settings["Media:RequireHttps"] = "false");

        var act = () => downloader.DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*not HTTPS*");
        _api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_WhenTheUrlNamesLocalhostButOnlyTheLoopbackAddressIsListed_ThenRefused()
    {
        var act = () => CreateDownloader().DownloadAsync(new Uri($"http://localhost:{_api.Port}{MediaPath}"), "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage($"*host localhost:{_api.Port} is not allowed*");
        _api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_WhenAnUnlistedRedirectHostResolvesToLoopback_ThenRefusedByItsAddress()
    {
        // localhost is a CDN host here: allowed as a redirect target but not trusted, so its DNS answer is checked.
        _apiHandler = TwilioApiRedirectingTo(new Uri($"http://localhost:{_cdn.Port}/media/abc"));
        var downloader = CreateDownloader(settings =>
        {
            settings.Remove("Media:AllowedHosts:1");
            settings["Media:CdnHosts:0"] = $"localhost:{_cdn.Port}";
        });

        var act = () => downloader.DownloadAsync(MediaUrl, "image/jpeg", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaRejectedException>()).WithMessage("*host localhost resolves to loopback address*not allowed*");
        _cdn.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task PrimaryHandler_WhenAnUntrustedHostResolvesToLoopbackAtConnectTime_ThenTheConnectionIsRefused()
    {
        // Bypasses the downloader's own checks, as a DNS answer that changed after them would: the
        // handler itself still refuses to connect to an internal address.
        var client = CreateServices(null, isDevelopment: true).GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IMediaDownloader));

        var act = () => client.GetAsync(new Uri($"http://localhost:{_cdn.Port}/media/abc"));

        (await act.Should().ThrowAsync<HttpRequestException>())
            .WithInnerException<MediaRejectedException>().WithMessage("*localhost resolves to loopback address*");
        _cdn.Requests.Should().BeEmpty();
    }

    [Fact]
    public void AddMediaDownload_WhenConfigured_ThenBindsMediaTwilioAndPublicBaseUrlSettings()
    {
        var options = CreateServices(settings =>
        {
            settings["PublicBaseUrl"] = "https://memory.example.com/";
            settings["Media:MaxRedirects"] = "5";
            settings["Media:MaxImageBytes"] = "1048576";
        }, isDevelopment: true).GetRequiredService<IOptions<MediaDownloadOptions>>().Value;

        options.AllowedHosts.Should().Equal(_api.HostAndPort, _cdn.HostAndPort);
        options.EffectiveCdnHosts.Should().Equal(MediaDownloadOptions.DefaultCdnHosts);
        options.MaxRedirects.Should().Be(5);
        options.MaxImageBytes.Should().Be(MiB);
        options.MaxBytes.Should().Be(16 * MiB);
        options.RequireHttps.Should().BeFalse();
        options.PublicBaseUrl.Should().Be(new Uri("https://memory.example.com/"));
        options.Twilio.ApiBaseUrl.Should().Be(_api.BaseUrl);
        options.Twilio.HasCredentials.Should().BeTrue();
        options.Twilio.ToString().Should().NotContain(AuthToken);
    }

    [Fact]
    public void AddMediaDownload_WhenNotDevelopment_ThenHttpsIsRequiredWhateverTheConfigurationSays()
    {
        var options = CreateServices(settings => settings["Media:RequireHttps"] = "false", isDevelopment: false)
            .GetRequiredService<IOptions<MediaDownloadOptions>>().Value;

        options.RequireHttps.Should().BeTrue();
    }

    [Fact]
    public void AddMediaDownload_WhenAnAllowedHostIsNotAHost_ThenOptionsValidationFails()
    {
        var services = CreateServices(settings => settings["Media:AllowedHosts:2"] = "https://cdn.example.com/path", isDevelopment: true);

        var act = () => services.GetRequiredService<IOptions<MediaDownloadOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*AllowedHosts*");
    }

    private IMediaDownloader CreateDownloader(Action<Dictionary<string, string?>>? configure = null, bool isDevelopment = true) =>
        CreateServices(configure, isDevelopment).GetRequiredService<IMediaDownloader>();

    private ServiceProvider CreateServices(Action<Dictionary<string, string?>>? configure, bool isDevelopment)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:ApiBaseUrl"] = _api.BaseUrl.ToString(),
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:AuthToken"] = AuthToken,
            ["Media:AllowedHosts:0"] = _api.HostAndPort,
            ["Media:AllowedHosts:1"] = _cdn.HostAndPort,
            ["Media:Timeout"] = "00:00:05",
            ["Media:RetryDelay"] = "00:00:00.010",
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Debug))
            .AddMediaDownload(configuration, isDevelopment)
            .BuildServiceProvider(validateScopes: true);
        _providers.Add(provider);
        return provider;
    }

    private static Func<HttpContext, Task> TwilioApiRedirectingTo(Uri cdnUrl) => context =>
    {
        if (context.Request.Headers.Authorization != s_expectedAuthorization)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        return Redirect(context, StatusCodes.Status307TemporaryRedirect, cdnUrl.ToString());
    };

    private static Func<HttpContext, Task> Serve(byte[] bytes, string contentType, bool sendContentLength = true) => async context =>
    {
        context.Response.ContentType = contentType;
        if (sendContentLength)
        {
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        // Without a length Kestrel sends the body chunked, in pieces.
        for (var offset = 0; offset < bytes.Length; offset += 256 * 1024)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(256 * 1024, bytes.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    private static Task Redirect(HttpContext context, int status, string location)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private static async Task WaitUntilAborted(HttpContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client hung up.
        }
    }

    private static byte[] Padded(byte[] header, int size)
    {
        var bytes = new byte[size];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(messages);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
