using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>GET /interactions/recent and GET /analytics/summary over real WhatsApp traffic.</summary>
public sealed class InteractionsAndAnalyticsApiTests : IDisposable
{
    private const string Lisbon = "+351912345678";
    private const string Tokyo = "+81312345678";

    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Recent_WithALimitOutside1To200_Returns400ProblemDetails()
    {
        var http = _app.CreateHttpClient();

        foreach (var limit in new[] { "0", "201", "-1", "abc", "1e3" })
        {
            using var response = await http.GetAsync($"/interactions/recent?limit={limit}");
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.TryGetProperty("errors", out var errors).Should().BeTrue("limit={0}: {1}", limit, problem);
            errors.EnumerateObject().Select(e => e.Name).Should().Contain(n => n.Equals("limit", StringComparison.OrdinalIgnoreCase), "limit={0}", limit);
        }
    }

    [Fact]
    public async Task Recent_WithLimit200_Returns200()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("Bin day moved to Wednesdays");

        using var response = await whatsapp.Http.GetAsync("/interactions/recent?limit=200");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Recent_ReturnsNewestFirst_WithReplyKindSidStatusAndMemories()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        var noteSid = WhatsAppClient.NewMessageSid();
        var questionSid = WhatsAppClient.NewMessageSid();
        var commandSid = WhatsAppClient.NewMessageSid();
        var noteReply = await whatsapp.SendAsync("Bin day moved to Wednesdays #home", noteSid);
        var questionReply = await whatsapp.SendAsync("When is bin day?", questionSid);
        var commandReply = await whatsapp.SendAsync("/list", commandSid);

        var items = await whatsapp.Http.GetFromJsonAsync<JsonElement>("/interactions/recent");

        items.GetArrayLength().Should().Be(3);
        var (command, question, note) = (items[0], items[1], items[2]);
        command.Str("messageSid").Should().Be(commandSid);
        command.Str("kind").Should().Be("command");
        command.Str("reply").Should().Be(commandReply);
        question.Str("messageSid").Should().Be(questionSid);
        question.Str("kind").Should().Be("query");
        question.Str("reply").Should().Be(questionReply);
        note.Str("messageSid").Should().Be(noteSid);
        note.Str("kind").Should().Be("text");
        note.Str("reply").Should().Be(noteReply);
        note.Str("body").Should().Be("Bin day moved to Wednesdays #home");

        var memoryId = (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().ContainSingle().Subject.GetProperty("id").GetInt64();
        note.GetProperty("memoryIds").EnumerateArray().Select(i => i.GetInt64()).Should().Equal(memoryId);
        question.GetProperty("memoryIds").GetArrayLength().Should().Be(0);
        command.GetProperty("memoryIds").GetArrayLength().Should().Be(0);
        foreach (var item in items.EnumerateArray())
        {
            item.Str("status").Should().Be("processed");
            item.Str("channel").Should().Be("whatsapp");
            item.Str("direction").Should().Be("inbound");
            item.Str("user").Should().Be(Lisbon);
            item.Str("timeZone").Should().Be("Europe/Lisbon");
            item.Str("receivedAt").Should().StartWith("2026-11-24T10:00:00");
            item.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
            item.GetProperty("attachments").GetInt32().Should().Be(0);
        }
    }

    [Fact]
    public async Task Recent_ForOneUser_ShowsOnlyTheirs_AndLimitCuts()
    {
        var lisbon = _app.CreateWhatsAppClient(Lisbon);
        var tokyo = _app.CreateWhatsAppClient(Tokyo);
        await lisbon.SendAsync("Bin day moved to Wednesdays");
        await tokyo.SendAsync("Ramen at Ichiran with Kenji");
        await lisbon.SendAsync("Pay the water bill by Friday");

        var mine = await lisbon.Http.RecentInteractionsAsync(Lisbon);
        var newestOne = await lisbon.Http.RecentInteractionsAsync(Lisbon, limit: 1);

        mine.Select(i => i.Str("body")).Should().Equal("Pay the water bill by Friday", "Bin day moved to Wednesdays");
        newestOne.Select(i => i.Str("body")).Should().Equal("Pay the water bill by Friday");
    }

    [Fact]
    public async Task Summary_CountsByKind_BucketsByLocalDay_CountsTagsDuplicatesAndLastIngest()
    {
        var tokyo = _app.CreateWhatsAppClient(Tokyo);
        var lisbon = _app.CreateWhatsAppClient(Lisbon);

        // Fri 20 Nov 23:30 and Sat 21 Nov 00:30 in Tokyo: one UTC date, two local days.
        _app.Clock.Set(Instant.FromUtc(2026, 11, 20, 14, 30));
        var ramen = tokyo.Form("Ramen at Ichiran with Kenji #food", WhatsAppClient.NewMessageSid());
        (await tokyo.PostAsync(ramen)).StatusCode.Should().Be(HttpStatusCode.OK);
        _app.Clock.Set(Instant.FromUtc(2026, 11, 20, 15, 30));
        await tokyo.SendAsync("Suica card topped up with 5000 yen #travel");

        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 9, 0));
        await lisbon.SendAsync("Pastéis de nata from Manteigaria #food #food");
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
        await tokyo.SendAsync("Kyoto trip ideas: Fushimi Inari early, Nishiki market #travel");
        var photo = tokyo.Form("Torii gates at Fushimi Inari #travel #photos", WhatsAppClient.NewMessageSid("MM"));
        photo["NumMedia"] = "1";
        photo["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(await MediaFiles.PhotoAsync(Path.GetTempPath(), ""), "image/jpeg");
        photo["MediaContentType0"] = "image/jpeg";
        (await tokyo.PostAsync(photo)).StatusCode.Should().Be(HttpStatusCode.OK);
        await tokyo.SendAsync("What did I eat with Kenji?");
        await tokyo.SendAsync("/list 3");

        // Twilio redelivers the ramen note twice (e.g. a Fallback URL retry): absorbed, counted.
        (await tokyo.PostAsync(ramen)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await tokyo.PostAsync(ramen)).StatusCode.Should().Be(HttpStatusCode.OK);

        var summary = await tokyo.Http.GetFromJsonAsync<JsonElement>("/analytics/summary?user=%2B81312345678");

        summary.Str("user").Should().Be(Tokyo);
        summary.Str("timeZone").Should().Be("Asia/Tokyo");
        var totals = summary.GetProperty("totals");
        totals.GetProperty("users").GetInt64().Should().Be(1);
        totals.GetProperty("memories").GetInt64().Should().Be(4);
        totals.GetProperty("interactions").GetInt64().Should().Be(6);
        Counts(summary.GetProperty("memoriesByKind")).Should().BeEquivalentTo(new Dictionary<string, long> { ["text"] = 3, ["image"] = 1 });
        Counts(summary.GetProperty("interactionsByKind")).Should().BeEquivalentTo(
            new Dictionary<string, long> { ["text"] = 3, ["image"] = 1, ["query"] = 1, ["command"] = 1 });

        var days = summary.GetProperty("memoriesPerDay").EnumerateArray().ToList();
        days.Should().HaveCount(30);
        days[^1].Str("date").Should().Be("2026-11-24");
        var perDay = days.Where(d => d.GetProperty("count").GetInt32() > 0).ToDictionary(d => d.Str("date"), d => d.GetProperty("count").GetInt32());
        perDay.Should().BeEquivalentTo(new Dictionary<string, int> { ["2026-11-20"] = 1, ["2026-11-21"] = 1, ["2026-11-24"] = 2 });
        Counts(days[^1].GetProperty("byKind")).Should().BeEquivalentTo(new Dictionary<string, long> { ["text"] = 1, ["image"] = 1 });

        summary.GetProperty("topTags").EnumerateArray().Select(t => (t.Str("tag"), t.GetProperty("count").GetInt64()))
            .Should().Equal(("travel", 3L), ("food", 1L), ("photos", 1L));
        summary.GetProperty("duplicatesAbsorbed").GetInt64().Should().Be(2);
        summary.GetProperty("mediaReused").GetInt64().Should().Be(0);
        summary.Str("lastIngestAt").Should().Be("2026-11-24T19:00:00+09:00");

        var everyone = await tokyo.Http.GetFromJsonAsync<JsonElement>("/analytics/summary");
        everyone.Str("timeZone").Should().Be("UTC");
        everyone.GetProperty("totals").GetProperty("users").GetInt64().Should().Be(2);
        everyone.GetProperty("totals").GetProperty("memories").GetInt64().Should().Be(5);
        everyone.GetProperty("topTags").EnumerateArray().Select(t => (t.Str("tag"), t.GetProperty("count").GetInt64()))
            .Should().Equal(("travel", 3L), ("food", 2L), ("photos", 1L));
        var utcDays = everyone.GetProperty("memoriesPerDay").EnumerateArray()
            .Where(d => d.GetProperty("count").GetInt32() > 0).ToDictionary(d => d.Str("date"), d => d.GetProperty("count").GetInt32());
        utcDays.Should().BeEquivalentTo(new Dictionary<string, int> { ["2026-11-20"] = 2, ["2026-11-24"] = 3 }, "in UTC both Tokyo notes fall on 20 Nov");
    }

    [Fact]
    public async Task Summary_ForAUserWhoseMemoriesHaveNoTags_Returns200WithNoTopTags()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("Bin day moved to Wednesdays");
        await whatsapp.SendAsync("The blue umbrella is by the door");

        using var response = await whatsapp.Http.GetAsync("/analytics/summary?user=%2B351912345678");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var summary = await response.JsonAsync();
        summary.GetProperty("totals").GetProperty("memories").GetInt64().Should().Be(2);
        summary.GetProperty("topTags").GetArrayLength().Should().Be(0);
        summary.Str("lastIngestAt").Should().Be("2026-11-24T10:00:00+00:00");
    }

    [Fact]
    public async Task Summary_OnAnEmptyDatabase_Returns200WithZeros()
    {
        var http = _app.CreateHttpClient();

        using var response = await http.GetAsync("/analytics/summary");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var summary = await response.JsonAsync();
        var totals = summary.GetProperty("totals");
        totals.GetProperty("users").GetInt64().Should().Be(0);
        totals.GetProperty("interactions").GetInt64().Should().Be(0);
        totals.GetProperty("memories").GetInt64().Should().Be(0);
        summary.GetProperty("memoriesPerDay").EnumerateArray().Should().HaveCount(30).And.OnlyContain(d => d.GetProperty("count").GetInt32() == 0);
        summary.GetProperty("topTags").GetArrayLength().Should().Be(0);
        summary.GetProperty("duplicatesAbsorbed").GetInt64().Should().Be(0);
        summary.GetProperty("lastIngestAt").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Summary_DaysParameter_ShapesTheSeries_AndIsValidated()
    {
        var whatsapp = _app.CreateWhatsAppClient(Tokyo);
        await whatsapp.SendAsync("Ramen at Ichiran with Kenji #food");

        var week = await whatsapp.Http.GetFromJsonAsync<JsonElement>("/analytics/summary?user=%2B81312345678&days=7");
        using var longest = await whatsapp.Http.GetAsync("/analytics/summary?days=366");
        using var zero = await whatsapp.Http.GetAsync("/analytics/summary?days=0");
        using var tooMany = await whatsapp.Http.GetAsync("/analytics/summary?days=367");

        week.GetProperty("memoriesPerDay").EnumerateArray().Select(d => d.Str("date"))
            .Should().Equal("2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24");
        longest.StatusCode.Should().Be(HttpStatusCode.OK);
        (await zero.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("days").Should().NotBeEmpty();
        (await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("days").Should().NotBeEmpty();
    }

    [Fact]
    public async Task Summary_ForAnUnknownUser_Returns404()
    {
        var whatsapp = _app.CreateWhatsAppClient(Tokyo);
        await whatsapp.SendAsync("Ramen at Ichiran with Kenji #food");

        using var response = await whatsapp.Http.GetAsync("/analytics/summary?user=%2B14155550199");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static Dictionary<string, long> Counts(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
