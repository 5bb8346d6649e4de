using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Mem0;

/// <summary>
/// Mem0 failing in the ways the platform fails (500s, 429 with Retry-After, hung connections, failed events,
/// refusals, a wrong key) and then recovering: every memory arrives exactly once and in order, and recall keeps
/// answering throughout, from the local index and saying so while Mem0 is away.
/// </summary>
[Collection(Mem0Tests.Name)]
public sealed class Mem0FaultTests : IAsyncLifetime
{
    private const string User = "+351912345678";
    private const string AddPath = "/v3/memories/add/";
    private Mem0App _env = null!;
    private WhatsAppClient _whatsapp = null!;

    public async Task InitializeAsync()
    {
        _env = await Mem0App.StartAsync();
        _whatsapp = _env.App.CreateWhatsAppClient(User);
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Mem0Down_NotesAreKeptAndFoundLocally_ThenEachArrivesOnceAndInOrderWhenItRecovers()
    {
        _env.Mem0.InjectFault(new Mem0Fault.Status(500));

        (await _whatsapp.SendAsync("Gym locker code is 4512")).Should().Contain("Saved");
        (await _whatsapp.SendAsync("Dinner plan: ramen with Joao on Saturday")).Should().Contain("Saved");
        (await _whatsapp.SendAsync("Call the plumber about the kitchen sink")).Should().Contain("Saved");
        (await Eventually.TrueAsync(() => _env.MemoryRows().Any(r => r.SyncAttempts > 0))).Should().BeTrue();

        var whileDown = await _whatsapp.Http.SearchAsync(User, "dinner plan");
        var answerWhileDown = await _whatsapp.SendAsync("what did I plan for dinner?");
        var health = await _whatsapp.Http.GetFromJsonAsync<JsonElement>("/health");

        whileDown.GetProperty("degraded").GetBoolean().Should().BeTrue();
        whileDown.Str("memoryLayer").Should().Be("embedded");
        whileDown.Str("degradedReason").Should().Contain("mem0");
        whileDown.HitContents()[0].Should().Contain("ramen", "the local hybrid index ranks the dinner plan first");
        answerWhileDown.Should().Contain("ramen");
        health.GetProperty("checks").GetProperty("memoryLayer").Str("status").Should().Be("Degraded");
        _env.MemoryRows().Should().OnlyContain(r => r.SyncState == "pending");

        _env.Mem0.ClearFaults();

        (await _env.AllSyncedAsync(3)).Should().BeTrue("the sync worker retries until Mem0 answers");
        var stored = _env.Mem0.Memories(_env.ExternalIdOf(User));
        stored.Should().HaveCount(3, "each memory arrives exactly once");
        var accepted = _env.AddRequests().Where(r => r.StatusCode == 200).Select(r => Mem0App.Body(r).GetProperty("metadata").GetProperty("memory_id").GetInt64());
        accepted.Should().Equal(_env.MemoryRows().Select(r => r.Id), "memories are sent oldest first");
        (await Eventually.TrueAsync(async () =>
            !(await _whatsapp.Http.SearchAsync(User, "dinner plan")).GetProperty("degraded").GetBoolean())).Should().BeTrue("recall returns to Mem0 once it answers");
        (await _whatsapp.Http.SearchAsync(User, "dinner plan")).Str("memoryLayer").Should().Be("mem0");
    }

    [Fact]
    public async Task RateLimited_RetryAfterIsHonoured_AndTheMemoryArrivesOnce()
    {
        _env.Mem0.InjectFault(new Mem0Fault.RateLimited(TimeSpan.FromSeconds(1)), times: 2, pathPrefix: AddPath);
        var stopwatch = Stopwatch.StartNew();

        await _whatsapp.SendAsync("Library books are due on the 3rd");

        (await _env.AllSyncedAsync(1)).Should().BeTrue();
        stopwatch.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1.8), "two 429s each asked for a one-second wait");
        _env.AddRequests().Select(r => r.StatusCode).Should().Equal(429, 429, 200);
        _env.Mem0.Memories().Should().ContainSingle();
    }

    [Fact]
    public async Task AddHangsPastTheTimeout_IsAbandoned_ThenLookedUpBeforeAddingAgain()
    {
        _env.Mem0.InjectFault(new Mem0Fault.Hang(TimeSpan.FromSeconds(5)), times: 1, pathPrefix: AddPath);

        await _whatsapp.SendAsync("Spare key is under the blue flower pot");

        (await _env.AllSyncedAsync(1, TimeSpan.FromSeconds(30))).Should().BeTrue();
        _env.Mem0.Memories().Should().ContainSingle();
        _env.Mem0.AddCallsAccepted.Should().Be(1);
        _env.MemoryRows().Single().SyncAttempts.Should().Be(2);
        _env.Mem0.Requests.Should().Contain(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/v3/memories/?", StringComparison.Ordinal),
            "after an attempt that may have reached Mem0, the worker looks for the memory before adding it again");
    }

    [Fact]
    public async Task FailureAfterMem0StoredIt_IsNotStoredTwice()
    {
        _env.Mem0.InjectFault(new Mem0Fault.Status(502), pathPrefix: AddPath);
        await _whatsapp.SendAsync("Wifi password at grandma's is sunflower42");
        // Wait for the 502 itself: the attempt is counted before its call leaves.
        (await Eventually.TrueAsync(() => _env.AddRequests().Any(r => r.StatusCode == 502))).Should().BeTrue();
        var memoryId = _env.MemoryRows().Single().Id;

        // As if the 502 came from a proxy after Mem0 had stored the memory.
        var seeded = _env.Mem0.Seed(_env.ExternalIdOf(User), "Wifi password at grandma's is sunflower42",
            new System.Text.Json.Nodes.JsonObject { ["memory_id"] = memoryId, ["source"] = "memory-assistant" });
        _env.Mem0.ClearFaults();

        (await _env.AllSyncedAsync(1)).Should().BeTrue();
        _env.Mem0.AddCallsAccepted.Should().Be(0);
        _env.Mem0.Memories().Should().ContainSingle();
        _env.MemoryRows().Single().LayerMemoryId.Should().Be(seeded.Id);
    }

    [Fact]
    public async Task SearchHangs_RecallAnswersFromTheLocalIndexAndSaysSo()
    {
        await _whatsapp.SendAsync("Passport is in the top drawer of the desk");
        (await _env.AllSyncedAsync(1)).Should().BeTrue();
        _env.Mem0.InjectFault(new Mem0Fault.Hang(TimeSpan.FromSeconds(10)), pathPrefix: "/v3/memories/search/");

        var result = await _whatsapp.Http.SearchAsync(User, "where is my passport");
        var answer = await _whatsapp.SendAsync("where is my passport?");

        result.GetProperty("degraded").GetBoolean().Should().BeTrue();
        result.Str("degradedReason").Should().Contain("did not answer");
        result.HitContents().Should().ContainSingle().Which.Should().Contain("top drawer");
        answer.Should().Contain("top drawer");
    }

    [Fact]
    public async Task FailedEvent_IsAddedAgainLater_AndStoredOnce()
    {
        _env.Mem0.FailEvents = true;
        await _whatsapp.SendAsync("Car service booked for 12 December");
        (await Eventually.TrueAsync(() => _env.Mem0.Requests.Any(r => r.PathAndQuery.StartsWith("/v1/event/", StringComparison.Ordinal) && r.StatusCode == 200)))
            .Should().BeTrue();
        (await Eventually.TrueAsync(() => _env.AddRequests().Count >= 2)).Should().BeTrue("a failed event stored nothing, so the worker adds again");
        _env.MemoryRows().Single().SyncState.Should().Be("pending");

        _env.Mem0.FailEvents = false;

        (await _env.AllSyncedAsync(1)).Should().BeTrue();
        _env.Mem0.Memories().Should().ContainSingle();
    }

    [Fact]
    public async Task RefusedMemory_IsKeptAndFlagged_AndLaterMemoriesStillSync()
    {
        _env.Mem0.InjectFault(new Mem0Fault.Status(400), times: 1, pathPrefix: AddPath);

        await _whatsapp.SendAsync("First note that Mem0 refuses");
        await _whatsapp.SendAsync("Second note about the garden hose");

        (await Eventually.TrueAsync(() => _env.MemoryRows() is { Count: 2 } rows && rows[0].SyncState == "failed" && rows[1].SyncState == "synced")).Should().BeTrue();
        var health = await _whatsapp.Http.GetFromJsonAsync<JsonElement>("/health");
        var layer = health.GetProperty("checks").GetProperty("memoryLayer");
        layer.Str("status").Should().Be("Degraded");
        layer.Str("description").Should().Contain("refused 1");
        var local = await _whatsapp.Http.SearchAsync(User, "refuses");
        local.HitContents().Should().ContainSingle("a refused memory is still found through the local index");
    }
}

[Collection(Mem0Tests.Name)]
public sealed class Mem0WrongKeyTests
{
    [Fact]
    public async Task WrongKey_MemoriesWaitInTheDatabase_AndHealthSaysWhy()
    {
        await using var env = await Mem0App.StartAsync(new Dictionary<string, string?> { ["Mem0:ApiKey"] = "not-the-key" });
        var whatsapp = env.App.CreateWhatsAppClient(User);

        (await whatsapp.SendAsync("Mum's birthday is on 9 May")).Should().Contain("Saved");
        (await Eventually.TrueAsync(() => env.MemoryRows().Single().SyncAttempts > 0)).Should().BeTrue();
        await Task.Delay(300);

        env.MemoryRows().Single().SyncState.Should().Be("pending", "a wrong key is every memory's problem: none is given up");
        env.Mem0.Memories().Should().BeEmpty();
        var health = await whatsapp.Http.GetFromJsonAsync<JsonElement>("/health");
        var layer = health.GetProperty("checks").GetProperty("memoryLayer");
        layer.Str("status").Should().Be("Degraded");
        layer.Str("description").Should().Contain("401");
        (await whatsapp.SendAsync("when is mum's birthday?")).Should().Contain("9 May");
    }

    private const string User = "+351912345678";
}
