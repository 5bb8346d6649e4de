using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Api.RateLimiting;

namespace MemoryAssistant.Api.IntegrationTests.Reliability;

/// <summary>
/// Per-sender rate limiting on /webhook (a 200 with a friendly TwiML reply, the message neither recorded nor
/// processed, so Twilio does not retry it), per-key limiting on the REST API (429 ProblemDetails with
/// Retry-After), and fairness: other senders and other keys are unaffected.
/// </summary>
public sealed class RateLimitTests : IDisposable
{
    private const string Fast = "+351912345678";
    private const string Other = "+447700900123";

    // One token a minute: nothing refills during a test, so the burst is exactly what gets through.
    private readonly ApiFactory _app = new(new Dictionary<string, string?>
    {
        ["RateLimiting:PerSenderPerMinute"] = "1",
        ["RateLimiting:SenderBurst"] = "3",
        ["RateLimiting:ApiPerMinute"] = "1",
        ["RateLimiting:ApiBurst"] = "2",
        ["Api:Keys:0"] = "key-one",
        ["Api:Keys:1"] = "key-two",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SenderOverTheLimit_GetsAFriendly200_MessageNotRecorded_OtherSendersUnaffected()
    {
        var fast = _app.CreateWhatsAppClient(Fast);
        var other = _app.CreateWhatsAppClient(Other);

        var replies = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            using var response = await fast.PostAsync(fast.Form($"note number {i} about the garden", WhatsAppClient.NewMessageSid()));
            response.StatusCode.Should().Be(HttpStatusCode.OK, "Twilio must not retry a limited message");
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/xml");
            replies.Add(WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync()));
        }

        replies.Take(3).Should().OnlyContain(r => r.StartsWith("✅ Saved", StringComparison.Ordinal));
        replies.Skip(3).Should().OnlyContain(r => r == RateLimitingRegistration.SlowDownReply);
        (await _app.CountAsync("SELECT COUNT(*) FROM interactions i JOIN users u ON u.id = i.user_id WHERE u.whatsapp_number = @n", new { n = Fast }))
            .Should().Be(3, "a limited message is neither recorded nor processed");
        (await _app.CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(3);

        for (var i = 1; i <= 3; i++)
            (await other.SendAsync($"other sender note {i}")).Should().StartWith("✅ Saved", "each sender has its own bucket");
    }

    [Fact]
    public async Task RedeliveriesOfARecordedMessage_AreExempt_AndGetTheFirstReply()
    {
        var fast = _app.CreateWhatsAppClient(Fast);
        var first = WhatsAppClient.NewMessageSid();
        var reply = await fast.SendAsync("the spare key is in the blue box", first);
        await fast.SendAsync("second note", WhatsAppClient.NewMessageSid());
        await fast.SendAsync("third note", WhatsAppClient.NewMessageSid());

        // The allowance is spent; Twilio retrying the first message must still get its reply, not "slow down".
        for (var i = 0; i < 5; i++)
            (await fast.SendAsync("the spare key is in the blue box", first)).Should().Be(reply);
        (await fast.SendAsync("a new fourth note", WhatsAppClient.NewMessageSid())).Should().Be(RateLimitingRegistration.SlowDownReply);
        (await _app.CountAsync("SELECT COUNT(*) FROM interactions")).Should().Be(3);
    }

    [Fact]
    public async Task ForgedRequestsInASendersName_AreRefusedAndDoNotSpendTheirAllowance()
    {
        var forger = _app.CreateWhatsAppClient(Fast, sign: false);
        for (var i = 0; i < 5; i++)
        {
            using var forged = await forger.PostAsync(forger.Form("spam", WhatsAppClient.NewMessageSid()), signature: "bm90LWEtc2lnbmF0dXJl");
            forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        var real = _app.CreateWhatsAppClient(Fast);
        for (var i = 1; i <= 3; i++)
            (await real.SendAsync($"real note {i}")).Should().StartWith("✅ Saved");
    }

    [Fact]
    public async Task RestApiOverTheLimit_Gets429ProblemDetailsWithRetryAfter_OtherKeysUnaffected()
    {
        var http = _app.CreateHttpClient();

        async Task<HttpResponseMessage> Get(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/analytics/summary");
            request.Headers.Add("X-Api-Key", key);
            return await http.SendAsync(request);
        }

        (await Get("key-one")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get("key-one")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var limited = await Get("key-one");

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        limited.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
        var problem = await limited.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be(429);
        problem.Str("title").Should().Be("Too many requests");

        (await Get("key-two")).StatusCode.Should().Be(HttpStatusCode.OK, "another key has its own bucket");
        (await _app.CreateWhatsAppClient(Other).SendAsync("the webhook is not limited by REST use")).Should().StartWith("✅ Saved");
    }
}
