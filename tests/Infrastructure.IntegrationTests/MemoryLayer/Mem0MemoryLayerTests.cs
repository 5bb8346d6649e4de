using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.MemoryLayer.Mem0;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Polly.CircuitBreaker;

namespace MemoryAssistant.Infrastructure.IntegrationTests.MemoryLayer;

/// <summary>
/// The Mem0 REST adapter, wired by <see cref="Mem0Registration.AddMem0MemoryLayer"/> (typed client and resilience
/// pipeline included, hosted services never started), against the loopback Mem0 emulator.
/// </summary>
[Collection(LoopbackHttpTests.Name)]
public sealed class Mem0MemoryLayerTests : IAsyncLifetime
{
    private const string User = "usr_3f9a";
    private const string OtherUser = "usr_77c1";
    private const string AddPath = "/v3/memories/add/";
    private const string SearchPath = "/v3/memories/search/";

    private static readonly Instant s_occurredAt = Instant.FromUtc(2026, 11, 16, 18, 30, 15);
    private static readonly DateTimeZone s_losAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private Mem0Emulator _mem0 = null!;

    public async Task InitializeAsync() => _mem0 = await Mem0Emulator.StartAsync();

    public async Task DisposeAsync() => await _mem0.DisposeAsync();

    [Fact]
    public async Task AddAsync_WhenInferOn_ThenQueuedAndSendsDocumentedBody()
    {
        await using var provider = BuildProvider();
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        var memory = Memory(
            "Dinner with Anna at Luigi's. She recommended the tiramisu!",
            memoryId: 41,
            messageSid: "SM0123456789abcdef0123456789abcdef",
            mediaSha256: new string('a', 64),
            tags: ["food", "anna"]);

        var outcome = await layer.AddAsync(memory, CancellationToken.None);

        layer.Name.Should().Be("mem0");
        layer.AcceptsImages.Should().BeTrue();
        outcome.Should().BeOfType<RemoteAddOutcome.Queued>().Which.EventId.Should().NotBeNullOrWhiteSpace();
        var request = _mem0.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.PathAndQuery.Should().Be(AddPath);
        request.Authorization.Should().Be($"Token {Mem0Emulator.DefaultApiKey}");
        var body = JsonNode.Parse(request.Body)!.AsObject();
        body["user_id"]!.GetValue<string>().Should().Be(User);
        body["infer"]!.GetValue<bool>().Should().BeTrue();
        body["timezone"]!.GetValue<string>().Should().Be("America/Los_Angeles");
        body["timestamp"]!.GetValueKind().Should().Be(JsonValueKind.Number);
        body["timestamp"]!.ToJsonString().Should().Be(s_occurredAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var message = body["messages"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        message["role"]!.GetValue<string>().Should().Be("user");
        message["content"]!.GetValue<string>().Should().Be(memory.Content);
        var metadata = body["metadata"]!.AsObject();
        metadata["source"]!.GetValue<string>().Should().Be(Mem0MemoryLayer.Source);
        metadata["memory_id"]!.GetValue<long>().Should().Be(41);
        metadata["interaction_id"]!.GetValue<long>().Should().Be(7);
        metadata["kind"]!.GetValue<string>().Should().Be("text");
        metadata["message_sid"]!.GetValue<string>().Should().Be("SM0123456789abcdef0123456789abcdef");
        metadata["media_sha256"]!.GetValue<string>().Should().Be(new string('a', 64));
        metadata["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("food", "anna");
    }

    [Fact]
    public async Task GetEventAsync_WhenPolledToTheEnd_ThenInProgressThenSucceededWithExtractedFacts()
    {
        await using var provider = BuildProvider();
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        var queued = (RemoteAddOutcome.Queued)await layer.AddAsync(
            Memory("Dinner with Anna at Luigi's. She recommended the tiramisu!"), CancellationToken.None);

        var first = await layer.GetEventAsync(queued.EventId, CancellationToken.None);
        var second = await layer.GetEventAsync(queued.EventId, CancellationToken.None);
        var third = await layer.GetEventAsync(queued.EventId, CancellationToken.None);

        first.Should().Be(new RemoteEventOutcome.InProgress("PENDING"));
        second.Should().Be(new RemoteEventOutcome.InProgress("RUNNING"));
        var facts = third.Should().BeOfType<RemoteEventOutcome.Succeeded>().Subject.Memories;
        var stored = _mem0.Memories(User);
        stored.Select(m => m.Memory).Should().Equal("Dinner with Anna at Luigi's", "She recommended the tiramisu");
        facts.Should().Equal(stored.Select(m => new LayerMemory(m.Id, m.Memory)));
        stored.Should().OnlyContain(m => m.CreatedAt == s_occurredAt.ToDateTimeOffset());
        stored.Should().OnlyContain(m => m.Metadata["memory_id"]!.GetValue<long>() == 41);
        _mem0.Requests.Skip(1).Should().OnlyContain(r => r.Method == "GET" && r.PathAndQuery == $"/v1/event/{queued.EventId}/");
    }

    [Fact]
    public async Task AddAsync_WhenInferOff_ThenStoredSynchronouslyVerbatim()
    {
        await using var provider = BuildProvider(("Mem0:Infer", "false"));
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        const string content = "Parking: level 3, bay 42. Ticket in the glovebox!";

        var outcome = await layer.AddAsync(Memory(content), CancellationToken.None);

        var stored = _mem0.Memories(User).Should().ContainSingle().Subject;
        stored.Memory.Should().Be(content);
        stored.CreatedAt.Should().Be(s_occurredAt.ToDateTimeOffset());
        outcome.Should().BeOfType<RemoteAddOutcome.Stored>()
            .Which.Memories.Should().Equal(new LayerMemory(stored.Id, content));
        JsonNode.Parse(_mem0.Requests.Single().Body)!["infer"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task AddAsync_WhenInferOnWithImage_ThenSendsDataUriPartAndImageFactIsStored()
    {
        await using var provider = BuildProvider();
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        var memory = Memory("Photo of the beach at sunset.", kind: MemoryKind.Image, image: new MemoryImage("image/png", s_png));

        var outcome = await layer.AddAsync(memory, CancellationToken.None);
        _mem0.CompletePendingEvents();
        var done = await layer.GetEventAsync(((RemoteAddOutcome.Queued)outcome).EventId, CancellationToken.None);

        var messages = JsonNode.Parse(_mem0.Requests[0].Body)!["messages"]!.AsArray();
        messages.Should().HaveCount(2);
        messages[0]!["content"]!.GetValue<string>().Should().Be("Photo of the beach at sunset.");
        messages[1]!["role"]!.GetValue<string>().Should().Be("user");
        var expected = new JsonObject
        {
            ["type"] = "image_url",
            ["image_url"] = new JsonObject { ["url"] = $"data:image/png;base64,{Convert.ToBase64String(s_png)}" },
        };
        JsonNode.DeepEquals(messages[1]!["content"], expected).Should().BeTrue(messages[1]!["content"]!.ToJsonString());
        JsonNode.Parse(_mem0.Requests[0].Body)!["metadata"]!["kind"]!.GetValue<string>().Should().Be("image");
        var image = _mem0.Memories(User).Should().ContainSingle(m => m.ImageContentTypes.Contains("image/png")).Subject;
        image.Memory.Should().Be($"Shared an image (image/png, {s_png.Length} bytes)");
        done.Should().BeOfType<RemoteEventOutcome.Succeeded>().Which.Memories.Select(m => m.Id).Should().Contain(image.Id);
    }

    [Fact]
    public async Task AddAsync_WhenInferOffWithImage_ThenImageNotSent()
    {
        await using var provider = BuildProvider(("Mem0:Infer", "false"));
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();

        var outcome = await layer.AddAsync(
            Memory("Photo of the beach at sunset.", kind: MemoryKind.Image, image: new MemoryImage("image/png", s_png)),
            CancellationToken.None);

        layer.AcceptsImages.Should().BeFalse();
        outcome.Should().BeOfType<RemoteAddOutcome.Stored>().Which.Memories.Should().ContainSingle();
        JsonNode.Parse(_mem0.Requests.Single().Body)!["messages"]!.AsArray().Should().ContainSingle();
        _mem0.Memories(User).Should().ContainSingle().Which.ImageContentTypes.Should().BeEmpty();
    }

    [Fact]
    public async Task GetEventAsync_WhenEventFails_ThenFailed()
    {
        await using var provider = BuildProvider();
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        _mem0.FailEvents = true;
        _mem0.EventPollsBeforeDone = 0;
        var queued = (RemoteAddOutcome.Queued)await layer.AddAsync(Memory("I parked on level 3."), CancellationToken.None);

        var outcome = await layer.GetEventAsync(queued.EventId, CancellationToken.None);

        outcome.Should().BeOfType<RemoteEventOutcome.Failed>().Which.Reason.Should().NotBeNullOrWhiteSpace();
        _mem0.Memories().Should().BeEmpty();
    }

    [Fact]
    public async Task FindBySourceAsync_WhenOtherMemoriesAndUsers_ThenOnlyThoseWithThatMemoryId()
    {
        await using var provider = BuildProvider();
        var first = _mem0.Seed(User, "Dinner with Anna", SourceMetadata(7));
        var second = _mem0.Seed(User, "Anna recommended the tiramisu", SourceMetadata(7));
        _mem0.Seed(User, "Parked on level 3", SourceMetadata(8));
        _mem0.Seed(User, "No metadata at all");
        _mem0.Seed(OtherUser, "Someone else's memory 7", SourceMetadata(7));

        var found = await provider.GetRequiredService<IRemoteMemoryLayer>().FindBySourceAsync(User, 7, CancellationToken.None);

        found.Should().BeEquivalentTo([new LayerMemory(first.Id, first.Memory), new LayerMemory(second.Id, second.Memory)]);
        var filters = JsonNode.Parse(_mem0.Requests.Single().Body)!["filters"]!.ToJsonString();
        filters.Should().Contain($"\"user_id\":\"{User}\"").And.Contain("\"memory_id\":7");
    }

    [Fact]
    public async Task SearchAsync_WhenRangeInZone_ThenFiltersCarryUserAndExplicitOffsetAndHitsAreMapped()
    {
        await using var provider = BuildProvider();
        var offset = TimeSpan.FromHours(-8);
        var inside = _mem0.Seed(User, "Had dinner with Anna at Luigi's", SourceMetadata(11), new DateTimeOffset(2026, 11, 16, 19, 0, 0, offset));
        var partial = _mem0.Seed(User, "Booked dinner for Friday", SourceMetadata(12), new DateTimeOffset(2026, 11, 16, 8, 0, 0, offset));
        // 23:00 on the 15th in Los Angeles is already the 16th in UTC: only an explicit offset leaves it out.
        _mem0.Seed(User, "Dinner with Anna the night before", SourceMetadata(13), new DateTimeOffset(2026, 11, 15, 23, 0, 0, offset));
        _mem0.Seed(User, "Dinner with Anna the day after", SourceMetadata(14), new DateTimeOffset(2026, 11, 17, 1, 0, 0, offset));
        _mem0.Seed(OtherUser, "Had dinner with Anna at Luigi's", SourceMetadata(15), new DateTimeOffset(2026, 11, 16, 19, 0, 0, offset));
        var from = new LocalDateTime(2026, 11, 16, 0, 0).InZoneStrictly(s_losAngeles).ToInstant();
        var to = new LocalDateTime(2026, 11, 17, 0, 0).InZoneStrictly(s_losAngeles).ToInstant();

        var hits = await provider.GetRequiredService<IRemoteMemoryLayer>()
            .SearchAsync(new RemoteSearch(User, "dinner with Anna", from, to, s_losAngeles, 10), CancellationToken.None);

        hits.Should().Equal(
            new RemoteMemoryHit(inside.Id, 11, 1.0, inside.Memory),
            new RemoteMemoryHit(partial.Id, 12, 0.5, partial.Memory));
        var request = _mem0.Requests.Single();
        request.PathAndQuery.Should().Be(SearchPath);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        body.Should().NotContainKey("user_id");
        body["query"]!.GetValue<string>().Should().Be("dinner with Anna");
        body["top_k"]!.GetValue<int>().Should().Be(10);
        var expectedFilters = JsonNode.Parse($$$"""
            {"AND": [
              {"user_id": "{{{User}}}"},
              {"created_at": {"gte": "2026-11-16T00:00:00-08:00"}},
              {"created_at": {"lt": "2026-11-17T00:00:00-08:00"}}
            ]}
            """);
        JsonNode.DeepEquals(body["filters"], expectedFilters).Should().BeTrue(body["filters"]!.ToJsonString());
    }

    [Fact]
    public async Task SearchAsync_WhenNoUser_ThenWildcardAcrossUsers()
    {
        await using var provider = BuildProvider();
        var mine = _mem0.Seed(User, "Dinner with Anna", SourceMetadata(1));
        var theirs = _mem0.Seed(OtherUser, "Dinner with Ben", SourceMetadata(2));

        var hits = await provider.GetRequiredService<IRemoteMemoryLayer>()
            .SearchAsync(new RemoteSearch(null, "dinner", null, null, s_losAngeles, 10), CancellationToken.None);

        hits.Select(h => h.LayerMemoryId).Should().BeEquivalentTo([mine.Id, theirs.Id]);
        var filters = JsonNode.Parse(_mem0.Requests.Single().Body)!["filters"];
        JsonNode.DeepEquals(filters, new JsonObject { ["user_id"] = "*" }).Should().BeTrue(filters!.ToJsonString());
    }

    [Fact]
    public async Task SearchAsync_WhenOtherUserMatchesBetter_ThenOnlyOwnHits()
    {
        await using var provider = BuildProvider();
        var mine = _mem0.Seed(User, "Bought milk", SourceMetadata(1));
        _mem0.Seed(OtherUser, "Bought milk and eggs at the market", SourceMetadata(2));
        _mem0.Seed(OtherUser, "Eggs from the market", SourceMetadata(3));

        var hits = await provider.GetRequiredService<IRemoteMemoryLayer>()
            .SearchAsync(new RemoteSearch(User, "milk eggs market", null, null, s_losAngeles, 10), CancellationToken.None);

        hits.Should().ContainSingle().Which.LayerMemoryId.Should().Be(mine.Id);
    }

    [Fact]
    public async Task ListAsync_WhenSeveralPages_ThenCountAndHasNextNewestFirst()
    {
        await using var provider = BuildProvider();
        var start = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        var seeded = Enumerable.Range(1, 5).Select(i => _mem0.Seed(User, $"Memory number {i}", SourceMetadata(i), start.AddDays(i))).ToList();
        _mem0.Seed(OtherUser, "Not mine", SourceMetadata(99), start);
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();

        var first = await layer.ListAsync(User, 1, 2, CancellationToken.None);
        var last = await layer.ListAsync(User, 3, 2, CancellationToken.None);

        first.Count.Should().Be(5);
        first.HasNext.Should().BeTrue();
        first.Memories.Select(m => m.LayerMemoryId).Should().Equal(seeded[4].Id, seeded[3].Id);
        var newest = first.Memories[0];
        newest.UserExternalId.Should().Be(User);
        newest.Text.Should().Be("Memory number 5");
        newest.SourceMemoryId.Should().Be(5);
        newest.CreatedAt.Should().Be(start.AddDays(5));
        last.Count.Should().Be(5);
        last.HasNext.Should().BeFalse();
        last.Memories.Should().ContainSingle().Which.LayerMemoryId.Should().Be(seeded[0].Id);
        _mem0.Requests.Select(r => r.PathAndQuery).Should().Equal("/v3/memories/?page=1&page_size=2", "/v3/memories/?page=3&page_size=2");
    }

    [Fact]
    public async Task GetAsync_WhenKnown_ThenMemory()
    {
        await using var provider = BuildProvider();
        var createdAt = new DateTimeOffset(2026, 11, 16, 9, 15, 0, TimeSpan.FromHours(1));
        var seeded = _mem0.Seed(User, "Anna's birthday is on March 3", SourceMetadata(21), createdAt);

        var memory = await provider.GetRequiredService<IRemoteMemoryLayer>().GetAsync(seeded.Id, CancellationToken.None);

        memory.Should().Be(new RemoteMemory(seeded.Id, User, "Anna's birthday is on March 3", 21, createdAt));
    }

    [Fact]
    public async Task GetAsync_WhenUnknown_ThenNull()
    {
        await using var provider = BuildProvider();

        var memory = await provider.GetRequiredService<IRemoteMemoryLayer>().GetAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        memory.Should().BeNull();
        _mem0.Requests.Should().ContainSingle().Which.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task DeleteAsync_WhenDeletedTwice_ThenGoneAndSecondDoesNotThrow()
    {
        await using var provider = BuildProvider();
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        var doomed = _mem0.Seed(User, "Delete me", SourceMetadata(1));
        var kept = _mem0.Seed(User, "Keep me", SourceMetadata(2));

        await layer.DeleteAsync(doomed.Id, CancellationToken.None);
        var again = () => layer.DeleteAsync(doomed.Id, CancellationToken.None);

        await again.Should().NotThrowAsync();
        _mem0.Memories().Select(m => m.Id).Should().Equal(kept.Id);
        (await layer.GetAsync(doomed.Id, CancellationToken.None)).Should().BeNull();
        _mem0.Requests.Take(2).Select(r => (r.Method, r.StatusCode)).Should().Equal(("DELETE", 200), ("DELETE", 404));
    }

    [Fact]
    public async Task DeleteAllAsync_WhenTwoUsers_ThenOnlyThatUsersMemoriesGone()
    {
        await using var provider = BuildProvider();
        _mem0.Seed(User, "First", SourceMetadata(1));
        _mem0.Seed(User, "Second", SourceMetadata(2));
        var theirs = _mem0.Seed(OtherUser, "Theirs", SourceMetadata(3));

        await provider.GetRequiredService<IRemoteMemoryLayer>().DeleteAllAsync(User, CancellationToken.None);

        _mem0.Memories(User).Should().BeEmpty();
        _mem0.Memories().Select(m => m.Id).Should().Equal(theirs.Id);
        _mem0.Requests.Single().PathAndQuery.Should().Be($"/v1/memories/?user_id={User}");
    }

    [Fact]
    public async Task PingAsync_WhenKeyAccepted_ThenPingSucceeded()
    {
        await using var provider = BuildProvider();
        var status = provider.GetRequiredService<Mem0Status>();
        status.PingSucceeded.Should().BeNull();

        await provider.GetRequiredService<IRemoteMemoryLayer>().PingAsync(CancellationToken.None);

        status.PingSucceeded.Should().BeTrue();
        status.Failing.Should().BeFalse();
        _mem0.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be("/v1/ping/");
    }

    [Fact]
    public async Task PingAsync_WhenKeyWrong_ThenAuthenticationFailureAndPingFailed()
    {
        await using var provider = BuildProvider(("Mem0:ApiKey", "m0-wrong-key"));
        var status = provider.GetRequiredService<Mem0Status>();

        var ping = () => provider.GetRequiredService<IRemoteMemoryLayer>().PingAsync(CancellationToken.None);

        var thrown = await ping.Should().ThrowAsync<MemoryLayerRejectedException>();
        thrown.Which.IsAuthenticationFailure.Should().BeTrue();
        thrown.Which.StatusCode.Should().Be(401);
        thrown.Which.Message.Should().NotContain("m0-wrong-key");
        status.PingSucceeded.Should().BeFalse();
        status.Failing.Should().BeTrue();
        _mem0.Requests.Should().ContainSingle().Which.Authorization.Should().Be("Token m0-wrong-key");
    }

    [Fact]
    public async Task SearchAsync_WhenOneServerError_ThenRetriedInPipelineAndSucceeds()
    {
        await using var provider = BuildProvider();
        var seeded = _mem0.Seed(User, "Dinner with Anna", SourceMetadata(1));
        _mem0.InjectFault(new Mem0Fault.Status(500), times: 1, pathPrefix: SearchPath);

        var hits = await provider.GetRequiredService<IRemoteMemoryLayer>()
            .SearchAsync(new RemoteSearch(User, "dinner", null, null, s_losAngeles, 10), CancellationToken.None);

        hits.Should().ContainSingle().Which.LayerMemoryId.Should().Be(seeded.Id);
        _mem0.Requests.Select(r => (r.PathAndQuery, r.StatusCode)).Should().Equal((SearchPath, 500), (SearchPath, 200));
        provider.GetRequiredService<Mem0Status>().Failing.Should().BeFalse();
    }

    [Fact]
    public async Task AddAsync_WhenServerError_ThenNotRetriedInPipelineAndUnavailable()
    {
        await using var provider = BuildProvider();
        _mem0.InjectFault(new Mem0Fault.Status(500), times: 1, pathPrefix: AddPath);

        var add = () => provider.GetRequiredService<IRemoteMemoryLayer>().AddAsync(Memory("I parked on level 3."), CancellationToken.None);

        var thrown = await add.Should().ThrowAsync<MemoryLayerUnavailableException>();
        thrown.Which.Message.Should().Contain("500");
        thrown.Which.RetryAfter.Should().BeNull();
        _mem0.Requests.Should().ContainSingle().Which.StatusCode.Should().Be(500);
        _mem0.AddCallsAccepted.Should().Be(0);
    }

    [Fact]
    public async Task AddAsync_WhenRateLimitedWithinInlineLimit_ThenRetriedInPipelineAndQueued()
    {
        await using var provider = BuildProvider(("Mem0:MaxInlineRetryAfter", "00:00:02"));
        _mem0.InjectFault(new Mem0Fault.RateLimited(TimeSpan.FromSeconds(1)), times: 1, pathPrefix: AddPath);

        var outcome = await provider.GetRequiredService<IRemoteMemoryLayer>().AddAsync(Memory("I parked on level 3."), CancellationToken.None);

        outcome.Should().BeOfType<RemoteAddOutcome.Queued>();
        _mem0.Requests.Select(r => (r.PathAndQuery, r.StatusCode)).Should().Equal((AddPath, 429), (AddPath, 200));
        _mem0.AddCallsAccepted.Should().Be(1);
    }

    [Fact]
    public async Task AddAsync_WhenRateLimitedLongerThanInlineLimit_ThenUnavailableWithRetryAfter()
    {
        await using var provider = BuildProvider(("Mem0:MaxInlineRetryAfter", "00:00:02"));
        _mem0.InjectFault(new Mem0Fault.RateLimited(TimeSpan.FromSeconds(30)), times: 1, pathPrefix: AddPath);
        var stopwatch = Stopwatch.StartNew();

        var add = () => provider.GetRequiredService<IRemoteMemoryLayer>().AddAsync(Memory("I parked on level 3."), CancellationToken.None);

        var thrown = await add.Should().ThrowAsync<MemoryLayerUnavailableException>();
        stopwatch.Stop();
        thrown.Which.RetryAfter.Should().BeCloseTo(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        thrown.Which.Message.Should().Contain("429");
        _mem0.Requests.Should().ContainSingle().Which.StatusCode.Should().Be(429);
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SearchAsync_WhenMem0Hangs_ThenUnavailableAfterSearchTimeout()
    {
        await using var provider = BuildProvider(("Mem0:SearchTimeout", "00:00:00.500"));
        _mem0.InjectFault(new Mem0Fault.Hang(TimeSpan.FromSeconds(5)), pathPrefix: SearchPath);
        var stopwatch = Stopwatch.StartNew();

        var search = () => provider.GetRequiredService<IRemoteMemoryLayer>()
            .SearchAsync(new RemoteSearch(User, "dinner", null, null, s_losAngeles, 10), CancellationToken.None);

        await search.Should().ThrowAsync<MemoryLayerUnavailableException>();
        stopwatch.Stop();
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4));
        provider.GetRequiredService<Mem0Status>().Failing.Should().BeTrue();
    }

    [Fact]
    public async Task AddAsync_WhenBadRequest_ThenRejectedWith400AndNotRetried()
    {
        await using var provider = BuildProvider();
        _mem0.InjectFault(new Mem0Fault.Status(400), times: 1, pathPrefix: AddPath);

        var add = () => provider.GetRequiredService<IRemoteMemoryLayer>().AddAsync(Memory("I parked on level 3."), CancellationToken.None);

        var thrown = await add.Should().ThrowAsync<MemoryLayerRejectedException>();
        thrown.Which.StatusCode.Should().Be(400);
        thrown.Which.IsAuthenticationFailure.Should().BeFalse();
        _mem0.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Status_WhenFailureThenSuccess_ThenFailingTurnsFalse()
    {
        await using var provider = BuildProvider();
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        var status = provider.GetRequiredService<Mem0Status>();
        _mem0.InjectFault(new Mem0Fault.Status(503), times: 1, pathPrefix: AddPath);

        var failed = () => layer.AddAsync(Memory("I parked on level 3."), CancellationToken.None);
        await failed.Should().ThrowAsync<MemoryLayerUnavailableException>();
        var failingAfterError = status.Failing;
        var lastError = status.LastError;
        await layer.AddAsync(Memory("I parked on level 3."), CancellationToken.None);

        failingAfterError.Should().BeTrue();
        lastError.Should().Contain("503");
        status.Failing.Should().BeFalse();
        status.LastSuccessAt.Should().BeOnOrAfter(status.LastFailureAt!.Value);
    }

    [Fact]
    public async Task SearchAsync_WhenServerErrorsRepeat_ThenCircuitOpensAndNextCallFailsFastWithoutRequest()
    {
        await using var provider = BuildProvider(("Mem0:MaxRetries", "0"));
        var layer = provider.GetRequiredService<IRemoteMemoryLayer>();
        var search = new RemoteSearch(User, "dinner", null, null, s_losAngeles, 10);
        _mem0.InjectFault(new Mem0Fault.Status(500), pathPrefix: SearchPath);
        for (var i = 0; i < 4; i++)
        {
            var failing = () => layer.SearchAsync(search, CancellationToken.None);
            await failing.Should().ThrowAsync<MemoryLayerUnavailableException>();
        }

        var before = _mem0.Requests.Count;
        _mem0.ClearFaults();

        var broken = () => layer.SearchAsync(search, CancellationToken.None);

        (await broken.Should().ThrowAsync<MemoryLayerUnavailableException>()).WithInnerException<BrokenCircuitException>();
        before.Should().Be(4);
        _mem0.Requests.Should().HaveCount(before);
        provider.GetRequiredService<Mem0Status>().Failing.Should().BeTrue();
    }

    private static MemoryToSync Memory(
        string content,
        long memoryId = 41,
        MemoryKind kind = MemoryKind.Text,
        string? messageSid = null,
        string? mediaSha256 = null,
        IReadOnlyList<string>? tags = null,
        MemoryImage? image = null) =>
        new(memoryId, 7, User, kind, content, tags ?? [], s_occurredAt, "America/Los_Angeles", messageSid, mediaSha256, image);

    private static JsonObject SourceMetadata(long memoryId) =>
        new() { ["source"] = Mem0MemoryLayer.Source, ["memory_id"] = memoryId, ["interaction_id"] = 1, ["kind"] = "text" };

    private ServiceProvider BuildProvider(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mem0:ApiKey"] = Mem0Emulator.DefaultApiKey,
            ["Mem0:BaseUrl"] = _mem0.BaseUrl.AbsoluteUri,
            // Keeps the back-off between in-pipeline retries short.
            ["Mem0:RetryBaseDelay"] = "00:00:00.020",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        // Hosted services (start-up ping, sync worker) are registered too but never started: no host runs here.
        return new ServiceCollection().AddLogging().AddMem0MemoryLayer(configuration).BuildServiceProvider();
    }
}
