using System.Diagnostics;
using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace MemoryAssistant.Api.IntegrationTests.Reliability;

/// <summary>
/// A second writer on the same SQLite file (another process would look the same: a BEGIN IMMEDIATE that holds the
/// write lock). Below the busy timeout (10 s) webhooks wait and succeed; past it the webhook answers a
/// ProblemDetails 503 with Retry-After (Twilio retries a 5xx), nothing half-written, and the retry succeeds once.
/// </summary>
public sealed class SqliteContentionTests(ITestOutputHelper output) : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task LockHeldThreeSeconds_WebhooksWaitAndSucceed_Never500()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        (await whatsapp.SendAsync("first note before the lock")).Should().StartWith("✅ Saved");
        var other = _app.CreateWhatsAppClient("+447700900123");

        var held = Stopwatch.StartNew();
        var secondWriter = await SecondWriter.HoldLockAsync(_app);
        var requests = Enumerable.Range(1, 6).Select(async i =>
        {
            var client = i % 2 == 0 ? whatsapp : other;
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync(client.Form($"note {i} written while the database is locked", WhatsAppClient.NewMessageSid()));
            return (response.StatusCode, Text: WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync()), watch.Elapsed);
        }).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await secondWriter.ReleaseAsync();
        held.Stop();
        var results = await Task.WhenAll(requests);

        results.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        results.Should().OnlyContain(r => r.Text.StartsWith("✅ Saved", StringComparison.Ordinal));
        results.Max(r => r.Elapsed).Should().BeGreaterThan(TimeSpan.FromSeconds(2), "they waited for the lock");
        (await _app.CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(7);
        output.WriteLine($"Lock held {held.Elapsed.TotalSeconds:F1} s; 6 webhooks answered 200 after {results.Min(r => r.Elapsed).TotalSeconds:F1}–{results.Max(r => r.Elapsed).TotalSeconds:F1} s");
    }

    [Fact]
    public async Task LockHeldPastTheBusyTimeout_Webhook503ProblemDetailsWithRetryAfter_ThenTwiliosRetrySucceedsOnce()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        (await whatsapp.SendAsync("first note before the lock")).Should().StartWith("✅ Saved");
        var sid = WhatsAppClient.NewMessageSid();
        var form = whatsapp.Form("dentist on friday at 3pm", sid);

        var secondWriter = await SecondWriter.HoldLockAsync(_app);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage busy;
        try
        {
            busy = await whatsapp.PostAsync(form);
        }
        finally
        {
            await secondWriter.ReleaseAsync();
        }

        var waited = watch.Elapsed;
        var body = await busy.Content.ReadAsStringAsync();
        busy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        busy.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        busy.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        body.Should().NotContain("   at ", "no stack trace leaves the server").And.NotContain("SqliteException");
        (await _app.CountAsync("SELECT COUNT(*) FROM interactions WHERE message_sid = @sid", new { sid })).Should().Be(0, "nothing half-written");

        // Twilio retries the same message after a 5xx: now it is recorded, once.
        using var retried = await whatsapp.PostAsync(form);
        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        WhatsAppClient.ReplyText(await retried.Content.ReadAsStringAsync()).Should().StartWith("✅ Saved");
        using var again = await whatsapp.PostAsync(form);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _app.CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(2, "the retried message is remembered exactly once");
        output.WriteLine($"Busy answer after {waited.TotalSeconds:F1} s: 503, Retry-After 5; retry 200; memories 2");
    }
}
