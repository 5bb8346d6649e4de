using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Mem0;

/// <summary>
/// Mem0 as the memory layer, end to end: notes arrive through the signed webhook and the REST API, the sync
/// worker sends them to a loopback Mem0 emulator that is as strict as the platform, and recall maps Mem0's
/// answers back to our rows. Our own idempotency runs first, so duplicates never reach Mem0.
/// </summary>
[Collection(Mem0Tests.Name)]
public sealed class Mem0MemoryLayerTests : IAsyncLifetime
{
    private const string User = "+351912345678";
    private Mem0App _env = null!;
    private WhatsAppClient _whatsapp = null!;

    public async Task InitializeAsync()
    {
        _env = await Mem0App.StartAsync();
        _whatsapp = _env.App.CreateWhatsAppClient(User);
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Note_ReachesMem0_WithOpaqueUserEventTimeAndMetadataLinkingBackToOurRows()
    {
        var sid = WhatsAppClient.NewMessageSid();
        var reply = await _whatsapp.SendAsync("Dinner plan: lasagna with Ana on Friday", sid);

        reply.Should().Contain("Saved");
        (await _env.AllSyncedAsync(1)).Should().BeTrue("the sync worker sends the note after the commit");
        var externalId = _env.ExternalIdOf(User);
        externalId.Should().StartWith("u_").And.NotContain("351912345678");

        var add = Mem0App.Body(_env.AddRequests().Should().ContainSingle().Subject);
        add.GetProperty("user_id").GetString().Should().Be(externalId, "Mem0 never sees the phone number");
        add.GetProperty("infer").GetBoolean().Should().BeTrue();
        add.GetProperty("timestamp").GetInt64().Should().Be(_env.App.Clock.GetCurrentInstant().ToUnixTimeSeconds(), "when it happened");
        add.GetProperty("messages")[0].GetProperty("content").GetString().Should().Be("Dinner plan: lasagna with Ana on Friday");
        var metadata = add.GetProperty("metadata");
        var row = _env.MemoryRows().Single();
        metadata.GetProperty("memory_id").GetInt64().Should().Be(row.Id);
        metadata.GetProperty("message_sid").GetString().Should().Be(sid);
        metadata.GetProperty("kind").GetString().Should().Be("text");
        metadata.GetProperty("interaction_id").GetInt64().Should().BePositive();
        _env.Mem0.Requests.Should().Contain(r => r.PathAndQuery.StartsWith("/v1/event/", StringComparison.Ordinal), "inference is queued and polled");

        var stored = _env.Mem0.Memories(externalId).Should().ContainSingle().Subject;
        row.LayerMemoryId.Should().Be(stored.Id, "the memory row keeps Mem0's id");
        _env.Mem0.Requests.Should().OnlyContain(r => r.Authorization == "Token " + Mem0Emulator.DefaultApiKey);
    }

    [Fact]
    public async Task SameMessageSidTwice_ReachesMem0Once()
    {
        var sid = WhatsAppClient.NewMessageSid();

        var first = await _whatsapp.SendAsync("Parked on level 3, spot B12", sid);
        var second = await _whatsapp.SendAsync("Parked on level 3, spot B12", sid);

        second.Should().Be(first);
        (await _env.AllSyncedAsync(1)).Should().BeTrue();
        await Task.Delay(500);
        _env.AddRequests().Should().ContainSingle("a duplicate delivery stops at our own idempotency check");
        _env.Mem0.AddCallsAccepted.Should().Be(1);
    }

    [Fact]
    public async Task Question_IsAnsweredFromMem0_AndMappedBackToTheSourceInteraction()
    {
        await _whatsapp.SendAsync("Dinner plan: lasagna with Ana on Friday");
        await _whatsapp.SendAsync("Dentist appointment moved to Thursday 3pm");
        (await _env.AllSyncedAsync(2)).Should().BeTrue();

        var answer = await _whatsapp.SendAsync("what did I plan for dinner?");
        var result = await _whatsapp.Http.SearchAsync(User, "dinner plan");

        answer.Should().Contain("lasagna").And.NotContain("Dentist");
        result.Str("memoryLayer").Should().Be("mem0");
        result.GetProperty("degraded").GetBoolean().Should().BeFalse();
        var hit = result.GetProperty("hits").EnumerateArray().Should().ContainSingle().Subject;
        hit.GetProperty("memory").Str("content").Should().Contain("lasagna");
        hit.GetProperty("memory").GetProperty("source").Str("messageSid").Should().StartWith("SM");
        _env.Mem0.Requests.Should().Contain(r => r.PathAndQuery == "/v3/memories/search/" && r.StatusCode == 200);
    }

    [Fact]
    public async Task TimePhrase_IsSentAsFilterWithExplicitOffset_AndAppliedAgainByOurDatabase()
    {
        // The user is in Lisbon (UTC+0 in November); "yesterday" is Monday 23 Nov there.
        await _whatsapp.SendAsync("Bought running shoes at the mall");
        (await _env.AllSyncedAsync(1)).Should().BeTrue();

        var result = await _whatsapp.Http.SearchAsync(User, "what shoes did I buy yesterday?");

        var search = _env.Mem0.Requests.Last(r => r.PathAndQuery == "/v3/memories/search/");
        var body = Mem0App.Body(search);
        var filters = body.GetProperty("filters").GetProperty("AND").EnumerateArray().ToList();
        filters[0].GetProperty("user_id").GetString().Should().Be(_env.ExternalIdOf(User));
        filters[1].GetProperty("created_at").GetProperty("gte").GetString().Should().Be("2026-11-23T00:00:00+00:00");
        filters[2].GetProperty("created_at").GetProperty("lt").GetString().Should().Be("2026-11-24T00:00:00+00:00");
        body.GetProperty("query").GetString().Should().NotContainEquivalentOf("yesterday");
        result.HitContents().Should().BeEmpty("the note was saved today, not yesterday");
    }

    [Fact]
    public async Task RestApiMemory_IsSyncedToo_AndAnIdempotentRetryAddsNothing()
    {
        using var first = await _whatsapp.Http.PostMemoryAsync(new { user = User, text = "Passport expires in March 2027" }, idempotencyKey: "k-1");
        using var retry = await _whatsapp.Http.PostMemoryAsync(new { user = User, text = "Passport expires in March 2027" }, idempotencyKey: "k-1");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        (await _env.AllSyncedAsync(1)).Should().BeTrue();
        await Task.Delay(300);
        _env.AddRequests().Should().ContainSingle();
    }

    [Fact]
    public async Task Health_ReportsMem0_AfterTheStartupPing()
    {
        (await Eventually.TrueAsync(() => _env.Mem0.Requests.Any(r => r.PathAndQuery == "/v1/ping/"))).Should().BeTrue();
        await Task.Delay(100);

        var health = await _whatsapp.Http.GetFromJsonAsync<JsonElement>("/health");

        var layer = health.GetProperty("checks").GetProperty("memoryLayer");
        layer.Str("status").Should().Be("Healthy");
        layer.GetProperty("data").Str("layer").Should().Be("mem0");
        layer.GetProperty("data").Str("pingSucceeded").Should().Be("True");
    }

    [Fact]
    public async Task ExtractedFacts_AreAllLinkedToTheSourceMemory()
    {
        await _whatsapp.SendAsync("Anniversary dinner at Casa Nostra. Book the table by Wednesday.");
        (await _env.AllSyncedAsync(1)).Should().BeTrue();

        var facts = _env.Mem0.Memories(_env.ExternalIdOf(User));
        facts.Should().HaveCount(2, "the emulator extracts one fact per sentence, as Mem0's LLM would");
        _env.App.CountRows("memory_layer_links").Should().Be(2);
        facts.Should().OnlyContain(f => f.Metadata["memory_id"]!.GetValue<long>() == _env.MemoryRows()[0].Id);

        var result = await _whatsapp.Http.SearchAsync(User, "book table");
        result.HitContents().Should().ContainSingle().Which.Should().Contain("Casa Nostra");
    }

    [Fact]
    public async Task Photo_IsSentAsADataUri_WithItsContentHash()
    {
        var work = Directory.CreateTempSubdirectory("mem0-photo-").FullName;
        try
        {
            var photo = await MediaFiles.PhotoAsync(work, "NEW HAIRCUT", gradient: "orange-purple");
            var form = _whatsapp.Form("my new haircut", WhatsAppClient.NewMessageSid("MM"));
            form["NumMedia"] = "1";
            form["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(photo, "image/jpeg");
            form["MediaContentType0"] = "image/jpeg";
            using var response = await _whatsapp.PostAsync(form);
            response.StatusCode.Should().Be(HttpStatusCode.OK);

            (await _env.AllSyncedAsync(1)).Should().BeTrue();
            var add = Mem0App.Body(_env.AddRequests().Should().ContainSingle().Subject);
            var image = add.GetProperty("messages")[1].GetProperty("content");
            image.GetProperty("type").GetString().Should().Be("image_url");
            image.GetProperty("image_url").GetProperty("url").GetString().Should().StartWith("data:image/jpeg;base64,");
            add.GetProperty("metadata").GetProperty("kind").GetString().Should().Be("image");
            add.GetProperty("metadata").GetProperty("media_sha256").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
            _env.Mem0.Memories().Should().Contain(m => m.ImageContentTypes.Contains("image/jpeg"), "Mem0 describes the photo itself");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

[Collection(Mem0Tests.Name)]
public sealed class Mem0WithoutInferenceTests
{
    [Fact]
    public async Task InferOff_StoresTheTextVerbatim_WithoutQueuedEvents()
    {
        await using var env = await Mem0App.StartAsync(new Dictionary<string, string?> { ["Mem0:Infer"] = "false" });
        var whatsapp = env.App.CreateWhatsAppClient("+351912345678");

        await whatsapp.SendAsync("Anniversary dinner at Casa Nostra. Book the table by Wednesday.");

        (await env.AllSyncedAsync(1)).Should().BeTrue();
        env.Mem0.Memories().Should().ContainSingle().Which.Memory.Should().Be("Anniversary dinner at Casa Nostra. Book the table by Wednesday.");
        env.Mem0.Requests.Should().NotContain(r => r.PathAndQuery.StartsWith("/v1/event/", StringComparison.Ordinal));
        Mem0App.Body(env.AddRequests().Single()).GetProperty("infer").GetBoolean().Should().BeFalse();
    }
}

[Collection(Mem0Tests.Name)]
public sealed class Mem0SwitchTests
{
    [Fact]
    public async Task SwitchingToMem0_BringsMemoriesSavedBeforeAlong()
    {
        const string user = "+351912345678";
        var data = Directory.CreateTempSubdirectory("mem0-switch-").FullName;
        try
        {
            using (var embedded = new ApiFactory(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data }))
            {
                var client = embedded.CreateWhatsAppClient(user);
                await client.SendAsync("Bike lock combination is 1987");
                (await client.Http.ListMemoriesAsync(user)).Single().Str("memoryLayer").Should().Be("embedded");
            }

            await using var env = await Mem0App.StartAsync(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
            var http = env.App.CreateHttpClient();

            // Before the switch it was synced too, but by the embedded engine: wait for Mem0 to hold it.
            (await Eventually.TrueAsync(async () => (await http.ListMemoriesAsync(user)).Single() is var m
                && m.Str("memoryLayer") == "mem0" && m.Str("syncState") == "synced")).Should().BeTrue();
            env.Mem0.Memories().Should().ContainSingle().Which.Memory.Should().Contain("1987");
            (await http.SearchAsync(user, "bike lock")).HitContents().Should().ContainSingle();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Mem0Tests
{
    // Fault tests rely on timeouts and back-off: they run alone so a busy thread pool cannot blur them.
    public const string Name = "Mem0 end to end";
}
