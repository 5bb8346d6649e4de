using System.Diagnostics;
using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using NodaTime;
using Xunit.Abstractions;

namespace MemoryAssistant.Api.IntegrationTests.Reliability;

/// <summary>
/// Remote faults end to end (webhook → durable job → download/understand → memory), for what the Media and
/// infrastructure tests do not already cover: the media host answering 500, 429 with Retry-After, slower than
/// Media:Timeout or cutting the connection mid-body, until it recovers; Whisper answering 500 or malformed JSON
/// until it recovers; the vision and chat models failing (they degrade instead of retrying). Each time: the
/// job's retries, its pending state while the fault lasts, recovery, and exactly one memory, one asset.
/// </summary>
public sealed class RemoteFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "+351912345678";
    private readonly string _work = Directory.CreateTempSubdirectory("remote-faults-").FullName;
    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _blobs = [];
    private readonly List<TimeSpan> _mediaRequestTimes = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private LoopbackHttpServer _media = null!;
    private LoopbackHttpServer _openAi = null!;
    private volatile string _mediaFault = "none";
    private volatile string _whisperFault = "none";
    private volatile string _visionFault = "none";
    private volatile string _chatFault = "none";
    private int _whisperRequests;
    private int _visionRequests;
    private int _chatRequests;

    public async Task InitializeAsync()
    {
        _media = await LoopbackHttpServer.StartAsync(ServeMediaAsync);
        _openAi = await LoopbackHttpServer.StartAsync(ServeOpenAiAsync);
    }

    public async Task DisposeAsync()
    {
        await _media.DisposeAsync();
        await _openAi.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private ApiFactory NewApp(bool openAi = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Media:AllowedHosts:2"] = _media.HostAndPort,
            ["Media:Timeout"] = "00:00:01",
            ["Media:MaxAttempts"] = "2",
            ["Media:RetryDelay"] = "00:00:00.100",
            ["Media:ReplyBudget"] = "00:00:00",
        };
        if (openAi)
        {
            settings["OpenAI:ApiKey"] = "sk-test-faults";
            settings["OpenAI:BaseUrl"] = _openAi.BaseUrl.AbsoluteUri.TrimEnd('/') + "/v1";
            settings["OpenAI:ChatTimeout"] = "3";
        }

        return new ApiFactory(settings);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("429")]
    [InlineData("slow")]
    [InlineData("cut")]
    public async Task MediaHostFaults_JobWaitsPendingAndRetries_ThenExactlyOneMemoryWhenItRecovers(string fault)
    {
        using var app = NewApp();
        var photo = await MediaFiles.PhotoAsync(_work, "", "orange-purple");
        _mediaFault = fault;

        var sid = await SendMediaAsync(app, Publish(photo, "image/jpeg"), "image/jpeg");

        var pending = await WaitForPendingAfterFailureAsync(app, sid);
        var recovered = Stopwatch.StartNew();
        _mediaFault = "none";
        await WaitForJobToSucceedAsync(app, sid);
        recovered.Stop();

        await AssertExactlyOnceAsync(app, sid);
        var job = await JobAsync(app, sid);
        job.Attempts.Should().BeGreaterThanOrEqualTo(2, "the first attempt failed");
        lock (_mediaRequestTimes)
        {
            output.WriteLine($"{fault}: {_mediaRequestTimes.Count} media requests, job attempts {job.Attempts}, pending with '{pending}', recovered {recovered.Elapsed.TotalSeconds:F1} s after the host did");
            if (fault == "429")
                _mediaRequestTimes.Zip(_mediaRequestTimes.Skip(1), (a, b) => b - a).First().Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured");
        }
    }

    [Theory]
    [InlineData("500")]
    [InlineData("malformed")]
    public async Task WhisperFaults_VoiceNoteWaitsPending_ThenIsTranscribedOnceWhenWhisperRecovers(string fault)
    {
        using var app = NewApp(openAi: true);
        var voice = await MediaFiles.VoiceNoteAsync(_work, "call the plumber on monday");
        _whisperFault = fault;

        var sid = await SendMediaAsync(app, Publish(voice, "audio/ogg"), "audio/ogg");

        var pending = await WaitForPendingAfterFailureAsync(app, sid);
        var recovered = Stopwatch.StartNew();
        _whisperFault = "none";
        await WaitForJobToSucceedAsync(app, sid);
        recovered.Stop();

        await AssertExactlyOnceAsync(app, sid);
        (await app.QueryAsync<string>("SELECT engine FROM transcripts")).Should().ContainSingle().Which.Should().Be("whisper-1");
        (await app.QueryAsync<string>("SELECT content FROM memories")).Single().Should().Contain("plumber");
        output.WriteLine($"whisper {fault}: {_whisperRequests} transcription requests, pending with '{pending}', recovered {recovered.Elapsed.TotalSeconds:F1} s after Whisper did");
    }

    [Theory]
    [InlineData("500", 2)]
    [InlineData("malformed", 1)]
    public async Task VisionModelFaults_PhotoIsRememberedOnceWithoutADescription_NoJobRetry(string fault, int expectedRequests)
    {
        using var app = NewApp(openAi: true);
        var photo = await MediaFiles.PhotoAsync(_work, "", "pink-teal");
        _visionFault = fault;

        var sid = await SendMediaAsync(app, Publish(photo, "image/jpeg"), "image/jpeg");
        await WaitForJobToSucceedAsync(app, sid);

        await AssertExactlyOnceAsync(app, sid);
        (await JobAsync(app, sid)).Attempts.Should().Be(1, "a missing description does not fail the photo");
        (await app.QueryAsync<string?>("SELECT description FROM media_assets")).Single().Should().BeNull();
        _visionRequests.Should().Be(expectedRequests, "the SDK retries a 500 once; a malformed 200 is not retried");
    }

    [Fact]
    public async Task ChatModelAnswersMalformedJson_TheRulesDecide_AndTheNoteIsKeptOnce()
    {
        using var app = NewApp(openAi: true);
        _chatFault = "malformed";
        var whatsapp = app.CreateWhatsAppClient(User);

        var reply = await whatsapp.SendAsync("Dentist on Friday at 3pm");

        reply.Should().Contain("Saved");
        _chatRequests.Should().BeGreaterThan(0);
        (await whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle();
    }

    private static async Task<string> SendMediaAsync(ApiFactory app, string url, string contentType)
    {
        var whatsapp = app.CreateWhatsAppClient(User);
        var sid = WhatsAppClient.NewMessageSid("MM");
        var form = whatsapp.Form("", sid);
        form["NumMedia"] = "1";
        form["MediaUrl0"] = url;
        form["MediaContentType0"] = contentType;
        using var response = await whatsapp.PostAsync(form);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        WhatsAppClient.ReplyText(body).Should().StartWith("⏳", "the fault outlasts the reply budget");
        return sid;
    }

    /// <summary>The job failed once and waits for its retry (pending, with the error kept).</summary>
    private static async Task<string> WaitForPendingAfterFailureAsync(ApiFactory app, string sid)
    {
        JobRow? seen = null;
        var pending = await Eventually.TrueAsync(async () =>
        {
            seen = await JobAsync(app, sid);
            return seen.Status == "pending" && seen.Attempts >= 1 && seen.LastError is not null;
        }, TimeSpan.FromSeconds(30));
        pending.Should().BeTrue($"the job should be pending after a failed attempt (last seen: {seen})");
        (await app.CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(0, "nothing is remembered while the fault lasts");
        return seen!.LastError!;
    }

    private static async Task WaitForJobToSucceedAsync(ApiFactory app, string sid)
    {
        JobRow? seen = null;
        // The app runs on a test clock: the job's back-off (run_after) passes only when the test moves time on,
        // half a second per look (well inside the 5-minute lease, so a running attempt is never taken over).
        var done = await Eventually.TrueAsync(async () =>
        {
            app.Clock.Advance(Duration.FromMilliseconds(500));
            return (seen = await JobAsync(app, sid)).Status == "succeeded";
        }, TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(100));
        done.Should().BeTrue($"the job should succeed once the fault is gone (last seen: {seen})");
    }

    private static async Task AssertExactlyOnceAsync(ApiFactory app, string sid)
    {
        (await app.CountAsync("SELECT COUNT(*) FROM memories m JOIN interactions i ON i.id = m.interaction_id WHERE i.message_sid = @sid", new { sid }))
            .Should().Be(1, "one message, one memory");
        (await app.CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(1);
        (await app.CountAsync("SELECT COUNT(*) FROM media_assets")).Should().Be(1, "stored once");
        (await app.CountAsync("SELECT COUNT(*) FROM interaction_media WHERE media_asset_id IS NULL")).Should().Be(0);
        Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "media"), "*", SearchOption.AllDirectories).Should().ContainSingle();
        (await app.CountAsync("SELECT COUNT(*) FROM jobs WHERE status <> 'succeeded'")).Should().Be(0);
    }

    private static async Task<JobRow> JobAsync(ApiFactory app, string sid) =>
        (await app.QueryAsync<JobRow>(
            "SELECT j.status AS Status, j.attempts AS Attempts, j.last_error AS LastError FROM jobs j JOIN interactions i ON i.id = j.interaction_id WHERE i.message_sid = @sid",
            new { sid })).Single();

    public sealed record JobRow
    {
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public string? LastError { get; init; }
    }

    private string Publish(byte[] bytes, string contentType)
    {
        var id = "ME" + Guid.NewGuid().ToString("N");
        lock (_blobs)
            _blobs[id] = (bytes, contentType);
        return new Uri(_media.BaseUrl, id).AbsoluteUri;
    }

    private async Task ServeMediaAsync(HttpContext context)
    {
        lock (_mediaRequestTimes)
            _mediaRequestTimes.Add(_clock.Elapsed);
        (byte[] Bytes, string ContentType) blob;
        lock (_blobs)
        {
            if (!_blobs.TryGetValue(context.Request.Path.Value!.TrimStart('/'), out blob))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }

        switch (_mediaFault)
        {
            case "500":
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case "429":
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            case "slow":
                // Longer than Media:Timeout (1 s): the attempt times out.
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                if (context.RequestAborted.IsCancellationRequested)
                    return;
                break;
            case "cut":
                // Headers promise the whole file; half of it arrives, then the connection is reset.
                context.Response.ContentType = blob.ContentType;
                context.Response.ContentLength = blob.Bytes.Length;
                await context.Response.Body.WriteAsync(blob.Bytes.AsMemory(0, blob.Bytes.Length / 2));
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
        }

        context.Response.ContentType = blob.ContentType;
        await context.Response.Body.WriteAsync(blob.Bytes);
    }

    private async Task ServeOpenAiAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        string body;
        using (var reader = new StreamReader(context.Request.Body))
            body = await reader.ReadToEndAsync();
        string fault;
        string json;
        if (path.EndsWith("/audio/transcriptions", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _whisperRequests);
            fault = _whisperFault;
            json = """
                {"task":"transcribe","language":"english","duration":2.0,"text":" Call the plumber on Monday. ",
                 "segments":[{"id":0,"seek":0,"start":0.0,"end":2.0,"text":" Call the plumber on Monday.","tokens":[1],"temperature":0.0,"avg_logprob":-0.2,"compression_ratio":1.1,"no_speech_prob":0.01}]}
                """;
        }
        else if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            // The vision describer and the conversation model share the endpoint; the photo's request carries an image.
            var isVision = body.Contains("image_url", StringComparison.Ordinal);
            if (isVision)
            {
                Interlocked.Increment(ref _visionRequests);
                fault = _visionFault;
                json = FakeOpenAiChatServer.ChatCompletion("A colourful gradient.", "gpt-4o-mini");
            }
            else
            {
                Interlocked.Increment(ref _chatRequests);
                fault = _chatFault;
                json = FakeOpenAiChatServer.ChatCompletion("Dentist on Friday at 3pm", "gpt-4o-mini");
            }
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/json";
        switch (fault)
        {
            case "500":
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("""{"error":{"message":"The server had an error","type":"server_error"}}""");
                return;
            case "malformed":
                await context.Response.WriteAsync("""{"id": "broken", "choices": [ {"message": """);
                return;
            default:
                await context.Response.WriteAsync(json);
                return;
        }
    }
}
