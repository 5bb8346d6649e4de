using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using MemoryAssistant.Api.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace MemoryAssistant.Api.IntegrationTests.Reliability;

/// <summary>
/// kill -9 while media jobs run: the real server as its own OS process, ten photos and voice notes whose
/// downloads take 2 s each, SIGKILL mid-flight, restart on the same data directory. Every message must end with
/// exactly one memory, one stored asset and one reply; no job may stay pending, running or failed.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 10;
    private static readonly TimeSpan s_downloadDelay = TimeSpan.FromSeconds(2);

    private readonly string _data = Directory.CreateTempSubdirectory("crash-recovery-").FullName;
    private readonly string _work = Directory.CreateTempSubdirectory("crash-media-").FullName;
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> _blobs = new();
    private readonly ConcurrentDictionary<string, int> _downloads = new();
    private int _downloadRequests;
    private LoopbackHttpServer _media = null!;
    private FakeTwilioMessagesApi _twilio = null!;

    public async Task InitializeAsync()
    {
        _media = await LoopbackHttpServer.StartAsync(async context =>
        {
            var id = context.Request.Path.Value!.TrimStart('/');
            Interlocked.Increment(ref _downloadRequests);
            _downloads.AddOrUpdate(id, 1, (_, n) => n + 1);
            try
            {
                await Task.Delay(s_downloadDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the server was killed mid-download
            }

            if (!_blobs.TryGetValue(id, out var blob))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = blob.ContentType;
            await context.Response.Body.WriteAsync(blob.Bytes, context.RequestAborted);
        });
        _twilio = await FakeTwilioMessagesApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _media.DisposeAsync();
        await _twilio.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var directory in new[] { _data, _work })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans its temp folder.
            }
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Storage:DataDirectory"] = _data,
        ["Twilio:AuthToken"] = _twilio.AuthToken,
        ["Twilio:AccountSid"] = _twilio.AccountSid,
        ["Twilio:ApiBaseUrl"] = _twilio.BaseUrl.AbsoluteUri.TrimEnd('/'),
        ["Twilio:RetryBaseDelay"] = "00:00:00.100",
        ["PublicBaseUrl"] = ApiFactory.PublicBaseUrl,
        ["Media:AllowedHosts:0"] = _media.HostAndPort,
        // Acknowledge at once: the results arrive as outbound messages, which the fake Twilio API counts.
        ["Media:ReplyBudget"] = "00:00:00",
        ["Jobs:Lease"] = "00:00:03",
        ["Jobs:PollInterval"] = "00:00:00.200",
        ["Jobs:RetryDelay"] = "00:00:00.200",
        ["Embeddings:ModelPath"] = RepoPaths.RequireWordVectorModel(),
        ["Lexicons:Directory"] = RepoPaths.LexiconDirectory,
    };

    [Fact]
    public async Task KilledWithSigkillWhileMediaJobsRun_EveryMessageEndsWithExactlyOneMemory_AfterRestart()
    {
        // Ten different files (so ten assets): eight photos, two voice notes.
        string[] gradients = ["white-lightblue", "orange-purple", "pink-teal", "white-gray", "yellow-green", "red-blue", "navy-gold", "black-white"];
        var urls = new List<(string Url, string Type)>();
        foreach (var gradient in gradients)
            urls.Add((Publish(await MediaFiles.PhotoAsync(_work, "", gradient), "image/jpeg"), "image/jpeg"));
        urls.Add((Publish(await MediaFiles.VoiceNoteAsync(_work, "call the plumber on monday"), "audio/ogg"), "audio/ogg"));
        urls.Add((Publish(await MediaFiles.VoiceNoteAsync(_work, "book the restaurant for friday"), "audio/ogg"), "audio/ogg"));

        var first = await ApiProcess.StartAsync(Settings());
        var sids = new List<string>();
        using (var http = new HttpClient { BaseAddress = first.BaseUrl, Timeout = TimeSpan.FromSeconds(15) })
        {
            for (var i = 0; i < Messages; i++)
            {
                var whatsapp = new WhatsAppClient(http, i % 2 == 0 ? "+351912345678" : "+447700900123", _twilio.AuthToken);
                var sid = WhatsAppClient.NewMessageSid("MM");
                var form = whatsapp.Form(i < 8 ? $"photo {i}" : "", sid);
                form["NumMedia"] = "1";
                form["MediaUrl0"] = urls[i].Url;
                form["MediaContentType0"] = urls[i].Type;
                using var response = await whatsapp.PostAsync(form);
                var text = WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync());
                response.IsSuccessStatusCode.Should().BeTrue(text);
                sids.Add(sid);
            }
        }

        // Mid-flight: two downloads started, then a third (one job finished downloading), then SIGKILL.
        (await Eventually.TrueAsync(() => Volatile.Read(ref _downloadRequests) >= 3, TimeSpan.FromSeconds(30)))
            .Should().BeTrue("the jobs should have started downloading:\n" + first.Output);
        await first.KillAsync();
        var atKill = await JobsByStatusAsync();
        output.WriteLine($"At SIGKILL: {string.Join(", ", atKill.Select(j => $"{j.Key}={j.Value}"))}; downloads started {_downloadRequests}");
        atKill.GetValueOrDefault("running").Should().BeGreaterThan(0, "the kill must interrupt jobs under a lease");
        atKill.Values.Sum().Should().Be(Messages);

        var recovery = Stopwatch.StartNew();
        await using var second = await ApiProcess.StartAsync(Settings());
        var done = await Eventually.TrueAsync(async () =>
        {
            var jobs = await JobsByStatusAsync();
            return jobs.GetValueOrDefault("succeeded") == Messages;
        }, TimeSpan.FromSeconds(45), TimeSpan.FromMilliseconds(200));
        recovery.Stop();
        done.Should().BeTrue($"every job should finish after the restart: {string.Join(", ", (await JobsByStatusAsync()).Select(j => $"{j.Key}={j.Value}"))}\n{second.Output}");
        output.WriteLine($"Recovered in {recovery.Elapsed.TotalSeconds:F1} s (restart included); downloads in all {_downloadRequests}");

        await using var db = Open();
        (await db.QueryAsync<(long InteractionId, long Count)>(
            "SELECT i.id, (SELECT COUNT(*) FROM memories m WHERE m.interaction_id = i.id) FROM interactions i WHERE i.message_sid IN @sids", new { sids }))
            .Should().HaveCount(Messages).And.OnlyContain(x => x.Count == 1, "each message is exactly one memory");
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM media_assets")).Should().Be(Messages, "ten different files, stored once each");
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT sha256) FROM media_assets")).Should().Be(Messages);
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM interaction_media WHERE media_asset_id IS NULL")).Should().Be(0);
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM memories")).Should().Be(Messages);
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM jobs WHERE status <> 'succeeded'")).Should().Be(0, "no job stuck");
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM interactions WHERE message_sid IN @sids AND lower(status) <> 'processed'", new { sids }))
            .Should().Be(0);
        Directory.EnumerateFiles(Path.Combine(_data, "media"), "*", SearchOption.AllDirectories).Should().HaveCount(Messages);

        var results = _twilio.Requests.Where(r => r.Form.TryGetValue("Body", out var b) && b.Count > 0 && b[0] is { } body
            && (body.StartsWith("📷", StringComparison.Ordinal) || body.StartsWith("🎙️", StringComparison.Ordinal))).ToList();
        output.WriteLine($"Replies sent: {results.Count}; downloads per file: {string.Join(",", _downloads.Values.OrderBy(v => v))}");
        results.Should().HaveCount(Messages, "each result is told once");
    }

    private string Publish(byte[] bytes, string contentType)
    {
        var id = "ME" + Guid.NewGuid().ToString("N");
        _blobs[id] = (bytes, contentType);
        return new Uri(_media.BaseUrl, id).AbsoluteUri;
    }

    private SqliteConnection Open() => new($"Data Source={Path.Combine(_data, Infrastructure.Persistence.StorageOptions.DatabaseFileName)};Pooling=False");

    private async Task<Dictionary<string, long>> JobsByStatusAsync()
    {
        await using var db = Open();
        return (await db.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM jobs WHERE kind = 'process-media' GROUP BY status"))
            .ToDictionary(x => x.Status, x => x.Count);
    }
}
