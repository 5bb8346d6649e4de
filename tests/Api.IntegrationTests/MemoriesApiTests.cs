using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>POST /memories, GET /memories (search) and GET /memories/list, end to end over HTTP.</summary>
public sealed class MemoriesApiTests : IDisposable
{
    private const string Berlin = "+4915123456789";
    private const string Lisbon = "+351912345678";
    private static readonly string[] s_glassesTags = ["Errands", "#health"];

    private readonly ApiFactory _app = new();
    private readonly HttpClient _http;

    public MemoriesApiTests() => _http = _app.CreateHttpClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Add_Returns201WithLocationAndTheMemoryInTheUsersZone()
    {
        using var response = await _http.PostMemoryAsync(new
        {
            user = Berlin,
            text = "Picked up the new glasses from Fielmann, next check-up in May #health",
            occurredAt = "2026-11-20T18:30:00-05:00",
            tags = s_glassesTags,
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.Should().Be("/memories/list?user=%2B4915123456789");
        response.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        var body = await response.JsonAsync();
        body.GetProperty("replayed").GetBoolean().Should().BeFalse();
        var memory = body.GetProperty("memories").EnumerateArray().Should().ContainSingle().Subject;
        memory.Str("user").Should().Be(Berlin);
        memory.Str("kind").Should().Be("text");
        memory.Str("content").Should().Be("Picked up the new glasses from Fielmann, next check-up in May #health");
        memory.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("errands", "health");
        memory.Str("occurredAt").Should().Be("2026-11-21T00:30:00+01:00", "the same instant, shown with the Berlin offset");
        memory.Str("createdAt").Should().StartWith("2026-11-24T11:00:00+01:00");
        memory.Str("timeZone").Should().Be("Europe/Berlin");
        memory.GetProperty("source").Str("channel").Should().Be("api");
        memory.GetProperty("source").GetProperty("messageSid").ValueKind.Should().Be(JsonValueKind.Null);
        memory.GetProperty("media").ValueKind.Should().Be(JsonValueKind.Null);
        memory.Str("memoryLayer").Should().Be("embedded");
        memory.Str("syncState").Should().Be("synced");

        var listed = await _http.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        listed.GetProperty("items").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("id").GetInt64().Should().Be(memory.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Add_WithoutOccurredAt_UsesNow()
    {
        var memory = await _http.AddMemoryAsync(Lisbon, "Parked on level -2, spot B14");

        memory.Str("occurredAt").Should().Be("2026-11-24T10:00:00+00:00");
        memory.Str("timeZone").Should().Be("Europe/Lisbon");
    }

    [Fact]
    public async Task IdempotencyKeyReplay_ReturnsTheSameMemory_MarkedReplayed_AndCreatesNothing()
    {
        var body = new { user = Lisbon, text = "Insurance policy number is PT-88231-X", tags = new[] { "car" } };

        using var first = await _http.PostMemoryAsync(body, "import-2026-11-24-0001");
        using var retry = await _http.PostMemoryAsync(body, "import-2026-11-24-0001");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var firstBody = await first.JsonAsync();
        var retryBody = await retry.JsonAsync();
        retryBody.GetProperty("replayed").GetBoolean().Should().BeTrue();
        retryBody.GetProperty("memories")[0].GetProperty("id").GetInt64()
            .Should().Be(firstBody.GetProperty("memories")[0].GetProperty("id").GetInt64());
        retryBody.GetProperty("memories")[0].Str("content").Should().Be("Insurance policy number is PT-88231-X");
        (await _http.ListMemoriesAsync(Lisbon)).Should().ContainSingle();
        (await _http.RecentInteractionsAsync(Lisbon)).Should().ContainSingle();
    }

    [Fact]
    public async Task IdempotencyKeyReusedWithADifferentBody_Returns422()
    {
        using var first = await _http.PostMemoryAsync(new { user = Lisbon, text = "Gym locker code 3391" }, "locker-code");
        using var second = await _http.PostMemoryAsync(new { user = Lisbon, text = "Gym locker code 3392" }, "locker-code");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Str("detail").Should().Contain("locker-code");
        (await _http.ListMemoriesAsync(Lisbon)).Should().ContainSingle().Which.Str("content").Should().Be("Gym locker code 3391");
    }

    [Fact]
    public async Task TenConcurrentPostsWithTheSameKey_CreateExactlyOneMemory()
    {
        var body = new { user = Berlin, text = "Flight LH 1172 to Lisbon departs 07:25 from Terminal 1", tags = new[] { "travel" } };

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _http.PostMemoryAsync(body, "flight-lh1172")));

        try
        {
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created, string.Join("\n", bodies));
            responses.Count(r => r.Headers.Contains("Idempotent-Replayed")).Should().Be(9);
            bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("memories")[0].GetProperty("id").GetInt64())
                .Distinct().Should().ContainSingle();
            (await _http.ListMemoriesAsync(Berlin)).Should().ContainSingle();
            (await _http.RecentInteractionsAsync(Berlin)).Should().ContainSingle();
        }
        finally
        {
            foreach (var response in responses)
                response.Dispose();
        }
    }

    [Fact]
    public async Task ConcurrentPostsFromANewUser_RegisterTheUserOnce()
    {
        string[] packing = ["passport", "phone charger", "swimsuit", "sunscreen", "travel adapter", "house keys for Ana", "train tickets", "headphones"];

        var responses = await Task.WhenAll(packing.Select(item => _http.PostMemoryAsync(new { user = "+4915123456780", text = $"Packing for Lisbon: {item} #trip" })));

        try
        {
            responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
            _app.CountRows("users").Should().Be(1);
            var memories = await _http.ListMemoriesAsync("+4915123456780");
            memories.Should().HaveCount(packing.Length);
            memories.Select(m => m.Str("content")).Should().BeEquivalentTo(packing.Select(item => $"Packing for Lisbon: {item} #trip"));
        }
        finally
        {
            foreach (var response in responses)
                response.Dispose();
        }
    }

    [Fact]
    public async Task UnknownJsonField_Returns400()
    {
        using var response = await _http.PostMemoryAsync(new { user = Lisbon, text = "Bike lock code 0417", colour = "blue" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await ShouldHaveNoMemoriesAsync();
    }

    [Fact]
    public async Task EmptyBody_Returns400()
    {
        using var content = new StringContent("", Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync("/memories", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await ShouldHaveNoMemoriesAsync();
    }

    [Fact]
    public async Task EmptyText_Returns400NamingText()
    {
        foreach (var text in new[] { "", "   " })
        {
            using var response = await _http.PostMemoryAsync(new { user = Lisbon, text });
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.ErrorsFor("text").Should().NotBeEmpty();
        }

        await ShouldHaveNoMemoriesAsync();
    }

    [Fact]
    public async Task OccurredAtWithoutOffset_Returns400()
    {
        using var response = await _http.PostMemoryAsync(new { user = Lisbon, text = "Paid the plumber 80 EUR", occurredAt = "2026-11-20T18:30:00" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("occurredAt").Should().ContainSingle().Which.Should().Contain("offset");
        await ShouldHaveNoMemoriesAsync();
    }

    [Fact]
    public async Task OccurredAtInTheFuture_Returns400()
    {
        using var response = await _http.PostMemoryAsync(new { user = Lisbon, text = "Paid the plumber 80 EUR", occurredAt = "2026-11-24T11:30:00+01:00" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("occurredAt").Should().ContainSingle().Which.Should().Contain("future");
        await ShouldHaveNoMemoriesAsync();
    }

    [Fact]
    public async Task InvalidUser_Returns400()
    {
        using var response = await _http.PostMemoryAsync(new { user = "call me maybe", text = "Paid the plumber 80 EUR" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("user").Should().NotBeEmpty();
        _app.CountRows("users").Should().Be(0);
        _app.CountRows("interactions").Should().Be(0);
    }

    [Fact]
    public async Task Search_WithoutAQuery_Returns400()
    {
        foreach (var url in new[] { "/memories?query=", "/memories", "/memories?query=%20%20" })
        {
            using var response = await _http.GetAsync(url);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.ErrorsFor("query").Should().NotBeEmpty(url);
        }
    }

    [Fact]
    public async Task Search_WithALimitOutside1To50_Returns400()
    {
        await _http.AddMemoryAsync(Lisbon, "Dinner plan: pasta carbonara");

        foreach (var limit in new[] { 0, 51, -1 })
        {
            using var response = await _http.GetAsync($"/memories?query=dinner&user=%2B351912345678&limit={limit}");
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.ErrorsFor("limit").Should().NotBeEmpty();
        }

        using var fifty = await _http.GetAsync("/memories?query=dinner&user=%2B351912345678&limit=50");
        fifty.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Search_ForAnUnknownUser_Returns404ProblemDetails()
    {
        await _http.AddMemoryAsync(Lisbon, "Dinner plan: pasta carbonara");

        using var response = await _http.GetAsync("/memories?query=dinner&user=%2B14155550199");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.Str("detail").Should().Contain("+14155550199");
    }

    [Fact]
    public async Task Search_WithATimePhrase_ReturnsOnlyMemoriesInThatPeriod_AndSaysHowItReadTheQuery()
    {
        // Today is Tue 24 Nov 2026; "last week" is Mon 16 – Sun 22 Nov in Berlin (UTC+1).
        await _http.AddMemoryAsync(Berlin, "Groceries: birthday cake ingredients, candles", "2026-11-15T23:59:00+01:00");
        await _http.AddMemoryAsync(Berlin, "Groceries for the week: oats, bananas, coffee beans", "2026-11-16T00:00:00+01:00");
        await _http.AddMemoryAsync(Berlin, "Dentist moved to Friday at 3pm", "2026-11-18T12:00:00+01:00");
        await _http.AddMemoryAsync(Berlin, "Groceries top-up: milk and eggs from the corner shop", "2026-11-22T23:30:00+01:00");
        await _http.AddMemoryAsync(Berlin, "Groceries delivered, tip the driver", "2026-11-23T00:00:00+01:00");

        var result = await _http.SearchAsync(Berlin, "groceries last week");

        result.HitContents().Should().BeEquivalentTo(
            "Groceries for the week: oats, bananas, coffee beans",
            "Groceries top-up: milk and eggs from the corner shop");
        var interpretation = result.GetProperty("interpretation");
        interpretation.GetProperty("terms").EnumerateArray().Select(t => t.GetString()).Should().Equal("groceries");
        interpretation.Str("timePhrase").Should().Be("last week");
        interpretation.Str("timeDescription").Should().Contain("Mon 16 Nov").And.Contain("Sun 22 Nov");
        interpretation.Str("from").Should().Be("2026-11-16T00:00:00+01:00");
        interpretation.Str("to").Should().Be("2026-11-23T00:00:00+01:00");
        interpretation.Str("timeZone").Should().Be("Europe/Berlin");
        result.Str("user").Should().Be(Berlin);
        result.Str("memoryLayer").Should().Be("embedded");
        result.GetProperty("hits").EnumerateArray().Should().OnlyContain(h => h.GetProperty("score").GetDouble() > 0);
    }

    [Fact]
    public async Task Search_NeverReturnsAnotherUsersMemory()
    {
        await _http.AddMemoryAsync(Berlin, "Groceries: oat milk, rye bread, sauerkraut");
        await _http.AddMemoryAsync(Lisbon, "Groceries: bacalhau, grelos, pastéis de nata");

        var berlin = await _http.SearchAsync(Berlin, "groceries");
        var lisbon = await _http.SearchAsync(Lisbon, "what groceries did I need?");

        berlin.HitContents().Should().Equal("Groceries: oat milk, rye bread, sauerkraut");
        lisbon.HitContents().Should().Equal("Groceries: bacalhau, grelos, pastéis de nata");
        berlin.GetProperty("hits").EnumerateArray().Should().OnlyContain(h => h.GetProperty("memory").Str("user") == Berlin);
    }

    [Fact]
    public async Task Search_MatchesOtherFormsOfAWord()
    {
        await _http.AddMemoryAsync(Lisbon, "Bought groceries at Pingo Doce, 43 EUR");
        await _http.AddMemoryAsync(Lisbon, "Call the bank about the card");

        var result = await _http.SearchAsync(Lisbon, "grocery");

        result.HitContents().Should().Equal("Bought groceries at Pingo Doce, 43 EUR");
    }

    [Fact]
    public async Task List_PagesThroughEveryMemoryNewestFirst_WithoutDuplicates()
    {
        // Three share one instant, so the cursor must break ties by id.
        await _http.AddMemoryAsync(Lisbon, "Oldest: renewed the library card", "2026-11-01T09:00:00+00:00");
        await _http.AddMemoryAsync(Lisbon, "Batch import 1: wine from the Douro trip", "2026-11-10T20:00:00+00:00");
        await _http.AddMemoryAsync(Lisbon, "Batch import 2: olive oil from Alentejo", "2026-11-10T20:00:00+00:00");
        await _http.AddMemoryAsync(Lisbon, "Batch import 3: cheese from Serra da Estrela", "2026-11-10T20:00:00+00:00");
        await _http.AddMemoryAsync(Lisbon, "Newest: book the flights for Christmas", "2026-11-23T08:00:00+00:00");

        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = "/memories/list?limit=2&user=%2B351912345678" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await _http.GetFromJsonAsync<JsonElement>(url);
            pages.Add(page);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        pages.Should().HaveCount(3);
        pages.Select(p => p.GetProperty("items").GetArrayLength()).Should().Equal(2, 2, 1);
        pages[^1].GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        var items = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).ToList();
        items.Select(i => i.GetProperty("id").GetInt64()).Should().OnlyHaveUniqueItems().And.HaveCount(5);
        items.Select(i => i.Str("content")).First().Should().StartWith("Newest");
        items.Select(i => i.Str("content")).Last().Should().StartWith("Oldest");
        items.Select(i => DateTimeOffset.Parse(i.Str("occurredAt"), System.Globalization.CultureInfo.InvariantCulture))
            .Should().BeInDescendingOrder();
        items.Skip(1).Take(3).Select(i => i.GetProperty("id").GetInt64()).Should().BeInDescendingOrder("ties are ordered by id, newest first");
    }

    [Fact]
    public async Task List_FiltersByKind()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("Dentist on Friday at 3pm");
        var photo = whatsapp.Form("Whiteboard from the planning meeting #work", WhatsAppClient.NewMessageSid("MM"));
        photo["NumMedia"] = "1";
        photo["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(await MediaFiles.PhotoAsync(Path.GetTempPath(), ""), "image/jpeg");
        photo["MediaContentType0"] = "image/jpeg";
        (await whatsapp.PostAsync(photo)).StatusCode.Should().Be(HttpStatusCode.OK);

        var images = await _http.ListMemoriesAsync(Lisbon, kind: "image");
        var upper = await _http.ListMemoriesAsync(Lisbon, kind: "IMAGE");
        var texts = await _http.ListMemoriesAsync(Lisbon, kind: "text");

        images.Should().ContainSingle().Which.Str("content").Should().Be("Whiteboard from the planning meeting #work");
        upper.Should().ContainSingle();
        texts.Should().ContainSingle().Which.Str("content").Should().Be("Dentist on Friday at 3pm");
    }

    [Fact]
    public async Task List_WithAnUnknownKind_Returns400()
    {
        using var response = await _http.GetAsync("/memories/list?kind=bogus");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("kind").Should().NotBeEmpty();
    }

    [Fact]
    public async Task List_WithACursorNotFromAPreviousPage_Returns400()
    {
        // "MTIzOmFiYw" is base64url for "123:abc".
        foreach (var cursor in new[] { "garbage", "!!not-base64!!", "MTIzOmFiYw" })
        {
            using var response = await _http.GetAsync("/memories/list?cursor=" + Uri.EscapeDataString(cursor));
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.ErrorsFor("cursor").Should().NotBeEmpty(cursor);
        }
    }

    [Fact]
    public async Task List_ForAnUnknownUser_Returns404()
    {
        using var response = await _http.GetAsync("/memories/list?user=%2B14155550199");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task ShouldHaveNoMemoriesAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>("/memories/list?limit=200")).GetProperty("items").GetArrayLength().Should().Be(0);
}
