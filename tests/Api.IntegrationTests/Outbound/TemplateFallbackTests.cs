using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Outbound;

/// <summary>
/// Reminders over Twilio's Messages API (a loopback fake that plays WhatsApp's 24-hour window), created through the
/// signed webhook and delivered by the real job worker on a test clock: free-form inside the window, the approved
/// template outside it or after a 63016 refusal, a recorded failure when there is no template, and a delivery that
/// survives Twilio's 5xx.
/// </summary>
public sealed class TemplateFallbackTests : IAsyncLifetime
{
    private const string Lisbon = "+351912345678";
    private const string ReminderTemplate = "HX0123456789abcdef0123456789abcdef";

    private readonly List<ApiFactory> _apps = [];
    private FakeTwilioMessagesApi _twilio = null!;

    public async Task InitializeAsync() => _twilio = await FakeTwilioMessagesApi.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
            app.Dispose();
        await _twilio.DisposeAsync();
    }

    /// <summary>The app with the fake's account (which also signs the webhook) and, unless told otherwise, a reminder template.</summary>
    private (ApiFactory App, WhatsAppClient WhatsApp) Start(bool withTemplate = true)
    {
        var app = new ApiFactory(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = _twilio.AccountSid,
            ["Twilio:AuthToken"] = _twilio.AuthToken,
            ["Twilio:ApiBaseUrl"] = _twilio.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["Twilio:RetryBaseDelay"] = "00:00:00.020",
            ["Twilio:ReminderContentSid"] = withTemplate ? ReminderTemplate : null,
        });
        _apps.Add(app);
        return (app, new WhatsAppClient(app.CreateHttpClient(), Lisbon, _twilio.AuthToken));
    }

    private static string? Field(FakeTwilioMessagesApi.RecordedRequest request, string name) =>
        request.Form.TryGetValue(name, out var values) ? values.SingleOrDefault() : null;

    [Fact]
    public async Task Reminder_WhenInsideThe24HourWindow_GoesFreeForm()
    {
        var (app, whatsapp) = Start();
        (await whatsapp.SendAsync("remind me in 2 hours to take the pizza out")).Should().Contain("take the pizza out");

        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 12, 0, 1));
        var sent = await app.SettledSentAsync(1);

        var message = sent.Should().ContainSingle().Which;
        message.Purpose.Should().Be("reminder");
        message.UsedTemplate.Should().BeFalse();
        var request = _twilio.Requests.Should().ContainSingle().Which;
        request.ContentSid.Should().BeNull();
        Field(request, "Body").Should().Be("⏰ *Reminder:* take the pizza out");
        Field(request, "To").Should().Be("whatsapp:" + Lisbon);
    }

    [Fact]
    public async Task Reminder_WhenDueMoreThan24HoursAfterTheLastMessage_GoesAsTheTemplate()
    {
        var (app, whatsapp) = Start();
        (await whatsapp.SendAsync("remind me tomorrow at 11 to call mom")).Should().Contain("call mom").And.Contain("11:00");
        _twilio.CloseWindow(Lisbon);

        // 25 Nov 11:00 in Lisbon: 25 hours after the user's message.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 11, 0, 1));
        var sent = await app.SettledSentAsync(1);

        var message = sent.Should().ContainSingle().Which;
        message.UsedTemplate.Should().BeTrue();
        message.Status.Should().Be("sent");
        var request = _twilio.Requests.Should().ContainSingle("the app knows the window is closed and goes straight to the template").Which;
        request.ContentSid.Should().Be(ReminderTemplate);
        request.ContentVariables.Should().BeEquivalentTo(new Dictionary<string, string> { ["1"] = "call mom" });
        Field(request, "Body").Should().BeNull("Twilio renders the template");
        (await app.QueryAsync<string>("SELECT body FROM interactions WHERE direction = 'outbound'"))
            .Should().ContainSingle().Which.Should().StartWith($"[template {ReminderTemplate}]");
    }

    [Fact]
    public async Task Reminder_AfterSomeoneSharedWithTheUser_StillCountsTheWindowFromTheUsersOwnLastMessage()
    {
        const string Sharer = "+351912345670";
        var (app, whatsapp) = Start();
        await whatsapp.SendAsync("remind me tomorrow at 11 to call mom");
        _twilio.CloseWindow(Lisbon);

        // 25 Nov 10:30: someone else shares a memory with the user, who has not written for 24.5 hours.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 10, 30));
        var sharer = new WhatsAppClient(app.CreateHttpClient(), Sharer, _twilio.AuthToken);
        await sharer.SendAsync("The plumber is Sr. Costa, 912 000 111");
        await sharer.SendAsync("/list");
        (await sharer.SendAsync("share 1 with +351 912 345 678")).Should().Contain("Offered");
        (await Eventually.TrueAsync(async () => (await app.SentAsync("share-offer")).Any(m => m.Status is "sent" or "failed")))
            .Should().BeTrue("the offer goes out (or is refused) before the reminder is due");

        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 11, 0, 1));
        var sent = await Eventually.TrueAsync(async () => (await app.SentAsync("reminder")).Any(m => m.Status == "sent"));
        sent.Should().BeTrue($"the reminder should be sent ({await app.DiagnosticsAsync()})");
        await Task.Delay(TimeSpan.FromSeconds(1));

        (await app.SentAsync("reminder")).Should().ContainSingle().Which.UsedTemplate.Should().BeTrue();
        var reminderRequests = _twilio.Requests.Where(r => r.ContentSid == ReminderTemplate || (Field(r, "Body") ?? "").Contains("call mom", StringComparison.Ordinal));
        reminderRequests.Should().ContainSingle("being offered a memory is not the user writing: the window is still closed")
            .Which.ContentSid.Should().Be(ReminderTemplate);
    }

    [Fact]
    public async Task Reminder_WhenTwilioRefusesFreeFormWith63016_IsResentAsTheTemplate()
    {
        var (app, whatsapp) = Start();
        await whatsapp.SendAsync("remind me in 2 hours to take the pizza out");
        // WhatsApp's window closed although the app still thinks it is open (the user's clock, a lost message…).
        _twilio.CloseWindow(Lisbon);

        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 12, 0, 1));
        var sent = await app.SettledSentAsync(1);

        sent.Should().ContainSingle().Which.UsedTemplate.Should().BeTrue();
        _twilio.Requests.Select(r => r.ContentSid).Should().Equal(null, ReminderTemplate);
        _twilio.Requests[1].ContentVariables.Should().BeEquivalentTo(new Dictionary<string, string> { ["1"] = "take the pizza out" });
    }

    [Fact]
    public async Task Reminder_OutsideTheWindowWithNoTemplateConfigured_IsRecordedAsFailedWith63016()
    {
        var (app, whatsapp) = Start(withTemplate: false);
        await whatsapp.SendAsync("remind me tomorrow at 11 to call mom");
        _twilio.CloseWindow(Lisbon);

        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 11, 0, 1));
        var failed = await Eventually.TrueAsync(async () => (await app.SentAsync()).Any(m => m.Status == "failed"));
        failed.Should().BeTrue($"the refusal should be recorded ({await app.DiagnosticsAsync()})");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var message = (await app.SentAsync()).Should().ContainSingle().Which;
        message.Status.Should().Be("failed");
        message.ErrorCode.Should().Be(63016);
        message.Error.Should().Contain("24-hour window").And.Contain("Twilio__ReminderContentSid");
        message.UsedTemplate.Should().BeFalse();
        _twilio.Requests.Should().ContainSingle("a refusal is final: no retry, no template to try")
            .Which.ContentSid.Should().BeNull();
        (await app.QueryAsync<string>("SELECT status FROM jobs WHERE kind = 'deliver-reminder'")).Should().Equal("succeeded");
        (await app.QueryAsync<string>("SELECT status FROM reminders")).Should().Equal("done");
    }

    [Fact]
    public async Task Reminder_WhenTwilioAnswers500Once_IsDeliveredOnce()
    {
        var (app, whatsapp) = Start();
        await whatsapp.SendAsync("remind me in 2 hours to take the pizza out");
        _twilio.EnqueueError(500, 20500, "Internal Server Error");

        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 12, 0, 1));
        var sent = await app.SettledSentAsync(1);

        sent.Should().ContainSingle().Which.Status.Should().Be("sent");
        _twilio.Requests.Should().HaveCount(2, "the HTTP client retried the 500 once");
        (await app.CountAsync("SELECT COUNT(*) FROM interactions WHERE direction = 'outbound'")).Should().Be(1);
    }

    [Fact]
    public async Task Reminder_WhenTwilioKeepsAnswering500_IsRetriedByTheJobWorker_AndDeliveredOnce()
    {
        var (app, whatsapp) = Start();
        await whatsapp.SendAsync("remind me in 2 hours to take the pizza out");
        // Every attempt of the HTTP client's retry pipeline fails: the send is left pending for the job worker.
        for (var i = 0; i < 3; i++)
            _twilio.EnqueueError(500, 20500, "Internal Server Error");

        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 12, 0, 1));
        var retrying = await Eventually.TrueAsync(async () =>
            await app.CountAsync("SELECT COUNT(*) FROM jobs WHERE kind = 'deliver-reminder' AND status = 'pending' AND attempts = 1 AND last_error IS NOT NULL") == 1);
        retrying.Should().BeTrue($"the job should fail its first attempt and wait to retry ({await app.DiagnosticsAsync()})");
        (await app.SentAsync()).Should().ContainSingle().Which.Status.Should().Be("pending");
        _twilio.Requests.Should().HaveCount(3);

        // The job's back-off is on the app's clock.
        app.Clock.Advance(Duration.FromMinutes(1));
        var sent = await app.SettledSentAsync(1);

        var message = sent.Should().ContainSingle().Which;
        message.Status.Should().Be("sent");
        message.UsedTemplate.Should().BeFalse();
        _twilio.Requests.Should().HaveCount(4);
        (await app.QueryAsync<long>("SELECT attempts FROM outbound_messages")).Should().Equal(2);
        (await app.QueryAsync<string>("SELECT status FROM jobs WHERE kind = 'deliver-reminder'")).Should().Equal("succeeded");
        (await app.CountAsync("SELECT COUNT(*) FROM interactions WHERE direction = 'outbound'")).Should().Be(1);
    }
}
