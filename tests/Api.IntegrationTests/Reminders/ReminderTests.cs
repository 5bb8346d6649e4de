using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Reminders;

/// <summary>
/// Reminders through the signed webhook and the real job worker, on a test clock: delivered at the user's local
/// time, once, after a restart, across a DST change, and not after a cancel.
/// </summary>
public sealed class ReminderTests : IDisposable
{
    private const string Lisbon = "+351912345678";
    private readonly List<ApiFactory> _apps = [];

    public void Dispose()
    {
        foreach (var app in _apps)
            app.Dispose();
    }

    private ApiFactory Start(string? dataDirectory = null)
    {
        var app = Outbox.StartWithLocalOutbox(dataDirectory);
        _apps.Add(app);
        return app;
    }

    [Fact]
    public async Task OneOff_IsDeliveredOnceAtItsLocalTime_EvenAfterARestartInBetween()
    {
        var first = Start();
        first.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
        var reply = await first.CreateWhatsAppClient(Lisbon).SendAsync("remind me tomorrow at 9 to call mom");
        reply.Should().Contain("call mom").And.Contain("09:00");
        (await first.CreateWhatsAppClient(Lisbon).SendAsync("/reminders")).Should().Contain("1. call mom");

        first.KeepDataDirectory = true;
        first.Dispose();
        var second = Start(first.DataDirectory);
        second.Clock.Set(Instant.FromUtc(2026, 11, 25, 8, 59));
        second.CreateHttpClient();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await second.SentAsync()).Should().BeEmpty("it is not 09:00 in Lisbon yet");

        second.Clock.Set(Instant.FromUtc(2026, 11, 25, 9, 0, 1));
        var sent = await second.SettledSentAsync(1);

        sent.Should().ContainSingle().Which.Body.Should().Contain("⏰ *Reminder:* call mom");
        (await second.CountAsync("SELECT COUNT(*) FROM interactions WHERE direction = 'outbound' AND body LIKE '%call mom%'")).Should().Be(1);
        (await second.QueryAsync<string>("SELECT status FROM reminders")).Should().Equal("done");
        // The reminder is a memory of the message that asked for it.
        (await second.CountAsync(
            "SELECT COUNT(*) FROM memories m JOIN reminders r ON r.memory_id = m.id AND r.interaction_id = m.interaction_id JOIN memory_tags t ON t.memory_id = m.id AND t.tag = 'reminder'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Daily_AtAnAmbiguousLocalTime_FiresOnceOnTheNightTheClocksGoBack()
    {
        var app = Start();
        var whatsapp = app.CreateWhatsAppClient("+12125550123");
        app.Clock.Set(Instant.FromUtc(2026, 10, 31, 12, 0));
        await whatsapp.SendAsync("/tz America/New_York");
        (await whatsapp.SendAsync("remind me every day at 1:30am to take the pills")).Should().Contain("every day at 01:30");

        // 1 Nov 2026 01:30 happens twice in New York: 05:30Z (EDT) and 06:30Z (EST).
        app.Clock.Set(Instant.FromUtc(2026, 11, 1, 5, 30, 1));
        await app.SettledSentAsync(1);
        app.Clock.Set(Instant.FromUtc(2026, 11, 1, 6, 30, 1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await app.SentAsync()).Should().HaveCount(1, "the repeated 01:30 is the same local time");

        app.Clock.Set(Instant.FromUtc(2026, 11, 2, 6, 30, 1));
        var sent = await app.SettledSentAsync(2);

        sent.Should().HaveCount(2);
        sent.Select(m => m.DedupeKey).Should().OnlyHaveUniqueItems();
        (await app.QueryAsync<long>("SELECT next_due_at FROM reminders")).Single()
            .Should().Be(Instant.FromUtc(2026, 11, 3, 6, 30).ToUnixTimeMilliseconds(), "the next one is 01:30 EST");
    }

    [Fact]
    public async Task Recurring_FollowsTheUserToANewZone()
    {
        var app = Start();
        var whatsapp = app.CreateWhatsAppClient(Lisbon);
        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
        await whatsapp.SendAsync("remind me every day at 8 to stretch");
        await whatsapp.SendAsync("/tz Asia/Kolkata");

        // 08:00 in Kolkata is 02:30Z; the old 08:00Z (Lisbon) must not fire as well.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 2, 30, 1));
        var sent = await app.SettledSentAsync(1);
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 8, 0, 1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        sent.Should().ContainSingle().Which.Body.Should().Contain("stretch");
        (await app.SentAsync()).Should().HaveCount(1);
        (await app.QueryAsync<long>("SELECT next_due_at FROM reminders")).Single().Should().Be(Instant.FromUtc(2026, 11, 26, 2, 30).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Cancelled_IsNeverDelivered_AndTheListSaysWhatIsLeft()
    {
        var app = Start();
        var whatsapp = app.CreateWhatsAppClient(Lisbon);
        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
        await whatsapp.SendAsync("remind me in 2 hours to take the pizza out");
        await whatsapp.SendAsync("every Monday at 8 remind me to water the plants");

        var list = await whatsapp.SendAsync("/reminders");
        var cancelled = await whatsapp.SendAsync("/reminders cancel 1");
        var after = await whatsapp.SendAsync("reminders");

        list.Should().Contain("1. take the pizza out").And.Contain("2. water the plants").And.Contain("every Monday at 08:00");
        cancelled.Should().Contain("Cancelled").And.Contain("take the pizza out");
        after.Should().Contain("1. water the plants").And.NotContain("pizza");

        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 12, 0, 1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await app.SentAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task UnclearTime_IsExplained_AndNothingIsScheduled()
    {
        var app = Start();
        var reply = await app.CreateWhatsAppClient(Lisbon).SendAsync("remind me to call the plumber");

        reply.Should().Contain("When");
        (await app.CountAsync("SELECT COUNT(*) FROM reminders")).Should().Be(0);
        (await app.CountAsync("SELECT COUNT(*) FROM jobs")).Should().Be(0);
    }
}
