using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Digests;

/// <summary>
/// The daily digest through the signed webhook and the real job worker, on a test clock: sent at each user's local
/// time, once per day under "digest:{user}:{date}", with yesterday's notes, "on this day" and the weekly summary on
/// the chosen day; nothing on a quiet day; stopped by /digest off; kept across a restart.
/// </summary>
public sealed class DigestTests : IDisposable
{
    private const string Lisbon = "+351912345678";
    private const string OtherLisbon = "+351912345679";
    private const string Kolkata = "+919812345678";
    private const string PendingDigestJobs = "SELECT COUNT(*) FROM jobs WHERE kind = 'send-digest' AND status = 'pending' AND subject_id = @user";

    private readonly List<ApiFactory> _apps = [];

    public void Dispose()
    {
        foreach (var app in _apps)
            app.Dispose();
        // The restart test's directory is shared by two factories; whichever kept it, it goes now.
        foreach (var directory in _apps.Select(a => a.DataDirectory).Distinct().Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open must not fail the test; the OS cleans its temp folder.
            }
        }
    }

    private ApiFactory Start(string? dataDirectory = null)
    {
        var app = Outbox.StartWithLocalOutbox(dataDirectory);
        _apps.Add(app);
        return app;
    }

    private static string Key(long user, string date) => $"digest:{user}:{date}";

    [Fact]
    public async Task Daily_IsSentAtEachUsersLocalTime_OncePerDay_WithTheirOwnYesterday()
    {
        var app = Start();
        var kolkata = app.CreateWhatsAppClient(Kolkata);
        var lisbon = app.CreateWhatsAppClient(Lisbon);

        // Tue 24 Nov, evening in Kolkata (UTC+5:30).
        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 14, 30));
        (await kolkata.SendAsync("/digest on 7:30")).Should().Contain("07:30").And.Contain("Asia/Kolkata");
        await kolkata.SendAsync("Lunch with Priya at the Bombay Canteen, she recommended the kulfi");
        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 18, 20)); // 23:50 in Kolkata
        await kolkata.SendAsync("Booked the cab to the airport for Friday morning");
        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 18, 40)); // 00:10 on Wed 25 in Kolkata: not "yesterday" on the 25th
        await kolkata.SendAsync("Could not sleep, started reading Midnight's Children");

        // Tue 24 Nov, evening in Lisbon (UTC+0 in November).
        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 20, 0));
        (await lisbon.SendAsync("/digest on 7:30")).Should().Contain("07:30").And.Contain("Europe/Lisbon");
        await lisbon.SendAsync("Bought pastéis de nata at Manteigaria for the office");

        var kolkataId = await app.UserIdAsync(Kolkata);
        var lisbonId = await app.UserIdAsync(Lisbon);

        // Wed 25 Nov 07:30 in Kolkata is 02:00Z; in Lisbon it is still the middle of the night.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 2, 0, 1));
        var first = await app.SettledSentAsync(1);

        var kolkataDigest = first.Should().ContainSingle("only Kolkata's 07:30 has come").Which;
        kolkataDigest.Recipient.Should().Be(Kolkata);
        kolkataDigest.Purpose.Should().Be("digest");
        kolkataDigest.DedupeKey.Should().Be(Key(kolkataId, "2026-11-25"));
        kolkataDigest.Body.Should().Contain("Your digest").And.Contain("Wed 25 Nov").And.Contain("*Yesterday* (2 memories)")
            .And.Contain("Bombay Canteen").And.Contain("cab to the airport")
            .And.NotContain("Midnight's Children", "it was saved on the 25th, Kolkata time")
            .And.NotContain("pastéis", "Lisbon's notes are not Kolkata's");
        kolkataDigest.Body.IndexOf("*Yesterday*", StringComparison.Ordinal)
            .Should().BeLessThan(kolkataDigest.Body.IndexOf("Bombay Canteen", StringComparison.Ordinal));

        // Wed 25 Nov 07:30 in Lisbon.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 7, 30, 1));
        var second = await app.SettledSentAsync(2);

        second.Should().HaveCount(2, "each user gets one digest that day");
        var lisbonDigest = second.Single(m => m.Recipient == Lisbon);
        lisbonDigest.DedupeKey.Should().Be(Key(lisbonId, "2026-11-25"));
        lisbonDigest.Body.Should().Contain("*Yesterday* (1 memory)").And.Contain("pastéis de nata").And.NotContain("Bombay Canteen");

        // A note on Wednesday in Lisbon, for Thursday's digest.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 12, 0));
        await lisbon.SendAsync("Renewed the car insurance with Fidelidade");

        // Thu 26 Nov: one more each, with Wednesday's notes.
        app.Clock.Set(Instant.FromUtc(2026, 11, 26, 2, 0, 1));
        var third = await app.SettledSentAsync(3);
        third.Should().HaveCount(3);
        third[2].Recipient.Should().Be(Kolkata);
        third[2].DedupeKey.Should().Be(Key(kolkataId, "2026-11-26"));
        third[2].Body.Should().Contain("Midnight's Children").And.NotContain("Bombay Canteen");

        app.Clock.Set(Instant.FromUtc(2026, 11, 26, 7, 30, 1));
        var all = await app.SettledSentAsync(4);

        all.Should().HaveCount(4);
        all.Should().OnlyContain(m => m.Status == "sent" && m.Purpose == "digest", "Thursday is not the weekly summary day (Sunday)");
        all.Select(m => m.DedupeKey).Should().Equal(
            Key(kolkataId, "2026-11-25"), Key(lisbonId, "2026-11-25"), Key(kolkataId, "2026-11-26"), Key(lisbonId, "2026-11-26"));
        all[3].Body.Should().Contain("car insurance").And.NotContain("pastéis");
        (await app.CountAsync("SELECT COUNT(*) FROM interactions WHERE direction = 'outbound'")).Should().Be(4);
        // The chain goes on: one pending job each, for Friday 07:30 local.
        (await app.QueryAsync<long>("SELECT run_after FROM jobs WHERE kind = 'send-digest' AND status = 'pending' ORDER BY run_after")).Should().Equal(
            Instant.FromUtc(2026, 11, 27, 2, 0).ToUnixTimeMilliseconds(), Instant.FromUtc(2026, 11, 27, 7, 30).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task DigestOff_RemovesThePendingJob_AndNothingIsSentTheNextMorning()
    {
        var app = Start();
        var leaving = app.CreateWhatsAppClient(Lisbon);
        var staying = app.CreateWhatsAppClient(OtherLisbon);
        await leaving.SendAsync("/digest on 7:30");
        await leaving.SendAsync("Paid the electricity bill");
        await staying.SendAsync("/digest on 7:30");
        await staying.SendAsync("Paid the water bill");
        var leavingId = await app.UserIdAsync(Lisbon);
        (await app.CountAsync(PendingDigestJobs, new { user = leavingId })).Should().Be(1);

        var off = await leaving.SendAsync("/digest off");

        off.Should().Contain("Digest off");
        (await app.CountAsync(PendingDigestJobs, new { user = leavingId })).Should().Be(0, "/digest off removes the pending job");
        (await leaving.SendAsync("/digest")).Should().Contain("off");

        // The other user's digest shows the worker ran at 07:30; the one who opted out gets nothing.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 7, 30, 1));
        var sent = await app.SettledSentAsync(1);

        sent.Should().ContainSingle().Which.Recipient.Should().Be(OtherLisbon);
        sent[0].Body.Should().Contain("water bill");
        (await app.CountAsync(PendingDigestJobs, new { user = leavingId })).Should().Be(0);
    }

    [Fact]
    public async Task QuietDay_SendsNothing_ButTheChainContinues()
    {
        var app = Start();
        var whatsapp = app.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("/digest on 7:30");
        var userId = await app.UserIdAsync(Lisbon);

        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 7, 30, 1));
        var ran = await Eventually.TrueAsync(async () =>
            await app.CountAsync("SELECT COUNT(*) FROM jobs WHERE kind = 'send-digest' AND status = 'succeeded'") == 1);
        ran.Should().BeTrue($"the digest job should run at 07:30 ({await app.DiagnosticsAsync()})");
        await Task.Delay(TimeSpan.FromSeconds(1));

        (await app.SentAsync()).Should().BeEmpty("no notes, no reminders and nothing on this day: nothing worth a message");
        (await app.QueryAsync<long>("SELECT run_after FROM jobs WHERE kind = 'send-digest' AND status = 'pending' AND subject_id = @userId", new { userId }))
            .Should().Equal(Instant.FromUtc(2026, 11, 26, 7, 30).ToUnixTimeMilliseconds());

        // And the next day, with something to say, it does come.
        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 12, 0));
        await whatsapp.SendAsync("Picked up the dry cleaning");
        app.Clock.Set(Instant.FromUtc(2026, 11, 26, 7, 30, 1));
        var sent = await app.SettledSentAsync(1);

        sent.Should().ContainSingle().Which.DedupeKey.Should().Be(Key(userId, "2026-11-26"));
        sent[0].Body.Should().Contain("dry cleaning");
    }

    [Fact]
    public async Task WeeklySummary_IsAlsoSentOnTheChosenDay()
    {
        var app = Start();
        var whatsapp = app.CreateWhatsAppClient(Lisbon);
        // Thu 26 Nov, after 07:30: the first digest is Friday's.
        app.Clock.Set(Instant.FromUtc(2026, 11, 26, 10, 0));
        await whatsapp.SendAsync("/digest on 7:30");
        (await whatsapp.SendAsync("/digest weekly friday")).Should().Contain("07:30").And.Contain("Fridays");
        await whatsapp.SendAsync("Finished the quarterly report for the board #work");
        await whatsapp.SendAsync("Great run along the river this evening, felt fantastic");
        var userId = await app.UserIdAsync(Lisbon);

        app.Clock.Set(Instant.FromUtc(2026, 11, 27, 7, 30, 1));
        var sent = await app.SettledSentAsync(2);

        sent.Should().HaveCount(2);
        var daily = sent.Single(m => m.Purpose == "digest");
        daily.DedupeKey.Should().Be(Key(userId, "2026-11-27"));
        daily.Body.Should().Contain("Your digest").And.Contain("quarterly report");
        var weekly = sent.Single(m => m.Purpose == "weekly");
        weekly.DedupeKey.Should().Be($"weekly:{userId}:2026-11-27");
        weekly.Body.Should().Contain("Your week").And.Contain("Sat 21 Nov").And.Contain("Fri 27 Nov")
            .And.Contain("2 notes").And.Contain("#work").And.Contain("Highlights").And.Contain("quarterly report");

        // Saturday: the daily digest only (Friday's notes), no second weekly.
        app.Clock.Set(Instant.FromUtc(2026, 11, 27, 12, 0));
        await whatsapp.SendAsync("Dinner at Prado with the team");
        app.Clock.Set(Instant.FromUtc(2026, 11, 28, 7, 30, 1));
        var later = await app.SettledSentAsync(3);
        later.Should().HaveCount(3);
        later[2].Purpose.Should().Be("digest");
        later[2].Body.Should().Contain("Prado");
    }

    [Fact]
    public async Task OnThisDay_ShowsTheNoteSavedExactlyOneMonthBefore()
    {
        var app = Start();
        var whatsapp = app.CreateWhatsAppClient(Lisbon);
        app.Clock.Set(Instant.FromUtc(2026, 10, 24, 10, 0));
        await whatsapp.SendAsync("Bought winter tyres for the Clio");
        app.Clock.Set(Instant.FromUtc(2026, 10, 25, 10, 0));
        await whatsapp.SendAsync("Planted the tulip bulbs in the front garden");
        app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
        await whatsapp.SendAsync("/digest on 7:30");

        app.Clock.Set(Instant.FromUtc(2026, 11, 25, 7, 30, 1));
        var sent = await app.SettledSentAsync(1);

        var body = sent.Should().ContainSingle().Which.Body;
        body.Should().Contain("*On this day*").And.Contain("a month ago").And.Contain("tulip bulbs")
            .And.NotContain("winter tyres", "that was a month and a day before")
            .And.NotContain("*Yesterday*", "nothing was saved yesterday");
        body.IndexOf("*On this day*", StringComparison.Ordinal).Should().BeLessThan(body.IndexOf("tulip bulbs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_BetweenEnablingAndTheDigestTime_StillDelivers()
    {
        var first = Start();
        var whatsapp = first.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("/digest on 7:30");
        await whatsapp.SendAsync("Left the spare key with Dona Rosa next door");
        var userId = await first.UserIdAsync(Lisbon);

        first.KeepDataDirectory = true;
        first.Dispose();
        var second = Start(first.DataDirectory);
        second.Clock.Set(Instant.FromUtc(2026, 11, 25, 7, 29));
        second.CreateHttpClient();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await second.SentAsync()).Should().BeEmpty("it is not 07:30 in Lisbon yet");

        second.Clock.Set(Instant.FromUtc(2026, 11, 25, 7, 30, 1));
        var sent = await second.SettledSentAsync(1);

        sent.Should().ContainSingle().Which.DedupeKey.Should().Be(Key(userId, "2026-11-25"));
        sent[0].Body.Should().Contain("spare key");
        (await second.CountAsync("SELECT COUNT(*) FROM interactions WHERE direction = 'outbound'")).Should().Be(1);
    }
}
