using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;

namespace MemoryAssistant.Infrastructure.IntegrationTests.MemoryLayer;

/// <summary>
/// The loopback Mem0 platform emulator, driven with a plain HttpClient: it must hold the adapter to the documented
/// contract (Token auth, trailing slashes, entity ids inside filters, queued adds) and fail the way the platform does.
/// </summary>
[Collection(LoopbackHttpTests.Name)]
public sealed class Mem0EmulatorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_monday = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    private Mem0Emulator _mem0 = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _mem0 = await Mem0Emulator.StartAsync();
        _http = NewClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _mem0.DisposeAsync();
    }

    [Fact]
    public async Task Ping_WhenTokenKey_ThenOkWithOrgAndProject()
    {
        var response = await SendAsync(HttpMethod.Get, "v1/ping/");

        response.Status.Should().Be(HttpStatusCode.OK);
        response.Json!["status"]!.GetValue<string>().Should().Be("ok");
        response.Json["org_id"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        response.Json["project_id"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        response.Json["user_email"]!.GetValue<string>().Should().Contain("@");
        _mem0.BaseUrl.AbsoluteUri.Should().EndWith("/");
    }

    [Theory]
    [InlineData("Bearer", Mem0Emulator.DefaultApiKey)]
    [InlineData("Token", "m0-wrong-key")]
    [InlineData(null, null)]
    public async Task Auth_WhenNotTokenWithTheKey_Then401AndNothingStored(string? scheme, string? key)
    {
        using var client = NewClient(scheme is null ? null : new AuthenticationHeaderValue(scheme, key));

        var ping = await SendAsync(HttpMethod.Get, "v1/ping/", client: client);
        var add = await SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like tea.", infer: false), client);

        ping.Status.Should().Be(HttpStatusCode.Unauthorized);
        ping.Json!["detail"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        add.Status.Should().Be(HttpStatusCode.Unauthorized);
        _mem0.Memories().Should().BeEmpty();
        _mem0.AddCallsAccepted.Should().Be(0);
        _mem0.Requests.Select(r => r.StatusCode).Should().Equal(401, 401);
        _mem0.Requests[0].Authorization.Should().Be(scheme is null ? null : $"{scheme} {key}");
    }

    [Theory]
    [InlineData("GET", "v1/ping")]
    [InlineData("POST", "v3/memories/add")]
    [InlineData("POST", "v3/memories/search?x=1")]
    public async Task AnyPath_WhenTrailingSlashMissing_Then404ExplainingIt(string method, string path)
    {
        var response = await SendAsync(new HttpMethod(method), path, method == "POST" ? AddBody("u1", "I like tea.", infer: false) : null);

        response.Status.Should().Be(HttpStatusCode.NotFound);
        response.Json!["detail"]!.GetValue<string>().Should().Contain("trailing slash");
        _mem0.Memories().Should().BeEmpty();
    }

    [Fact]
    public async Task UnknownPathOrMethod_Then404Or405()
    {
        (await SendAsync(HttpMethod.Get, "v2/nothing/")).Status.Should().Be(HttpStatusCode.NotFound);
        (await SendAsync(HttpMethod.Get, "v3/memories/add/")).Status.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Post_WhenBodyIsNotJson_Then415Or400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v3/memories/add/") { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
        using var plain = await _http.SendAsync(request);

        plain.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await SendAsync(HttpMethod.Post, "v3/memories/add/", "{not json")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await SendAsync(HttpMethod.Post, "v3/memories/add/", "[1]")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Search_WhenFiltersMissing_Then400FiltersIsRequired()
    {
        var response = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"tea"}""");

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Json!["detail"]!.GetValue<string>().Should().Be("filters is required");
    }

    [Theory]
    [InlineData("""{"query":"tea","user_id":"u1"}""", "inside filters")]
    [InlineData("""{"query":"tea","user_id":"u1","filters":{"user_id":"u1"}}""", "inside filters")]
    [InlineData("""{"query":"tea","filters":{"created_at":{"gte":"2026-11-16T00:00:00+01:00"}}}""", "entity id")]
    [InlineData("""{"query":"tea","filters":{"user":"u1"}}""", "Unsupported filter key")]
    [InlineData("""{"query":"tea","filters":{"user_id":"u1"},"top_k":0}""", "top_k")]
    [InlineData("""{"query":"tea","filters":{"user_id":"u1"},"top_k":1001}""", "top_k")]
    [InlineData("""{"query":"tea","filters":{"user_id":"u1"},"threshold":1.5}""", "threshold")]
    [InlineData("""{"query":"","filters":{"user_id":"u1"}}""", "query")]
    [InlineData("""{"query":"tea","filters":{"AND":[{"user_id":"u1"},{"created_at":{"gte":"last week"}}]}}""", "created_at")]
    public async Task Search_WhenRequestBreaksTheContract_Then400WithDetail(string body, string detail)
    {
        var response = await SendAsync(HttpMethod.Post, "v3/memories/search/", body);

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Json!["detail"]!.GetValue<string>().Should().Contain(detail);
    }

    [Fact]
    public async Task AddWithoutInfer_ThenStoredVerbatimAndSearchFindsItWithScoreAndOffsetTimestamps()
    {
        var at = new DateTimeOffset(2026, 11, 20, 17, 15, 0, TimeSpan.Zero);
        var body = $$$"""
            {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Dinner with Ana on Friday at Casa Pepe"}],
             "user_id":"u1","infer":false,"timestamp":{{{at.ToUnixTimeSeconds()}}},"metadata":{"source":"whatsapp","kind":"text"}}
            """;

        var add = await SendAsync(HttpMethod.Post, "v3/memories/add/", body);

        add.Status.Should().Be(HttpStatusCode.OK);
        var result = add.Json!["results"]!.AsArray().Should().ContainSingle().Subject!;
        result["event"]!.GetValue<string>().Should().Be("ADD");
        result["data"]!["memory"]!.GetValue<string>().Should().Be("Dinner with Ana on Friday at Casa Pepe");
        var stored = _mem0.Memories("u1").Should().ContainSingle().Subject;
        stored.Id.Should().Be(result["id"]!.GetValue<string>());
        stored.CreatedAt.Should().Be(at);
        _mem0.AddCallsAccepted.Should().Be(1);

        var search = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"dinners with Ana","filters":{"user_id":"u1"}}""");

        search.Status.Should().Be(HttpStatusCode.OK);
        var hit = search.Json!["results"]!.AsArray().Should().ContainSingle().Subject!;
        hit["id"]!.GetValue<string>().Should().Be(stored.Id);
        hit["memory"]!.GetValue<string>().Should().Be("Dinner with Ana on Friday at Casa Pepe");
        hit["user_id"]!.GetValue<string>().Should().Be("u1");
        hit["score"]!.GetValue<double>().Should().Be(1.0);
        hit["metadata"]!["source"]!.GetValue<string>().Should().Be("whatsapp");
        hit["categories"]!.AsArray().Should().BeEmpty();
        hit["created_at"]!.GetValue<string>().Should().Be("2026-11-20T09:15:00-08:00");
        DateTimeOffset.Parse(hit["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture).Should().Be(at);
    }

    [Fact]
    public async Task Search_ThenScoresOverlapRanksAndHonoursThresholdAndTopK()
    {
        _mem0.ResponseOffset = TimeSpan.FromHours(5.5);
        _mem0.Seed("u1", "Ana loves green tea", createdAt: s_monday);
        _mem0.Seed("u1", "Ana bought green apples", createdAt: s_monday.AddHours(1));
        _mem0.Seed("u1", "The car needs new tyres", createdAt: s_monday.AddHours(2));
        _mem0.Seed("u2", "Ana loves green tea", createdAt: s_monday);

        var all = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"Which green tea? Ana loves it","filters":{"user_id":"u1"}}""");
        var top1 = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"green tea Ana loves","filters":{"user_id":"u1"},"top_k":1}""");
        var strict = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"green tea Ana loves","filters":{"user_id":"u1"},"threshold":0.9}""");

        var results = all.Json!["results"]!.AsArray();
        results.Select(r => r!["memory"]!.GetValue<string>()).Should().Equal("Ana loves green tea", "Ana bought green apples");
        results.Select(r => r!["score"]!.GetValue<double>()).Should().Equal(1.0, 0.5);
        results[0]!["created_at"]!.GetValue<string>().Should().Be("2026-11-16T14:30:00+05:30");
        top1.Json!["results"]!.AsArray().Should().ContainSingle();
        strict.Json!["results"]!.AsArray().Should().ContainSingle().Which!["score"]!.GetValue<double>().Should().Be(1.0);
    }

    [Fact]
    public async Task AddWithInfer_ThenQueuedAndEventGoesPendingRunningSucceededStoringFacts()
    {
        var at = new DateTimeOffset(2026, 11, 18, 20, 0, 0, TimeSpan.Zero);
        var body = $$$"""
            {"messages":[{"role":"user","content":"I moved to Lisbon. My dentist is Dr. Costa!\nok"}],
             "user_id":"u1","timestamp":{{{at.ToUnixTimeSeconds()}}},"metadata":{"memory_id":"m-42"}}
            """;

        var add = await SendAsync(HttpMethod.Post, "v3/memories/add/", body);

        add.Status.Should().Be(HttpStatusCode.OK);
        add.Json!["status"]!.GetValue<string>().Should().Be("PENDING");
        var eventId = add.Json["event_id"]!.GetValue<string>();
        Guid.TryParse(eventId, out _).Should().BeTrue();
        _mem0.Memories().Should().BeEmpty("facts are stored only when the event succeeds");

        var first = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");
        var second = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");
        _mem0.Memories().Should().BeEmpty();
        var third = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");
        var fourth = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");

        first.Json!["status"]!.GetValue<string>().Should().Be("PENDING");
        first.Json["event_type"]!.GetValue<string>().Should().Be("ADD");
        first.Json["results"]!.AsArray().Should().BeEmpty();
        second.Json!["status"]!.GetValue<string>().Should().Be("RUNNING");
        third.Json!["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        third.Json["id"]!.GetValue<string>().Should().Be(eventId);
        third.Json["updated_at"]!.GetValue<string>().Should().EndWith("-08:00");
        var results = third.Json["results"]!.AsArray();
        results.Select(r => r!["data"]!["memory"]!.GetValue<string>()).Should().Equal("I moved to Lisbon", "My dentist is Dr", "Costa");
        results.Select(r => r!["event"]!.GetValue<string>()).Should().AllBe("ADD");
        fourth.Json!.ToJsonString().Should().Be(third.Json.ToJsonString());

        var stored = _mem0.Memories("u1");
        stored.Select(m => m.Id).Should().Equal(results.Select(r => r!["id"]!.GetValue<string>()));
        stored.Should().AllSatisfy(m =>
        {
            m.CreatedAt.Should().Be(at);
            m.Metadata["memory_id"]!.GetValue<string>().Should().Be("m-42");
            m.ImageContentTypes.Should().BeEmpty();
        });
        (await SendAsync(HttpMethod.Get, $"v1/event/{Guid.NewGuid()}/")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddWithInfer_WhenFactAlreadyStoredForThatUser_ThenSkippedLikeMd5Check()
    {
        _mem0.EventPollsBeforeDone = 0;
        await AddAndFinishAsync("u1", "I like green tea. I LIKE GREEN TEA!");
        await AddAndFinishAsync("u2", "I like green tea");

        var again = await AddAndFinishAsync("u1", "  i like green tea  . I also like coffee");

        again["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        again["results"]!.AsArray().Select(r => r!["data"]!["memory"]!.GetValue<string>()).Should().Equal("I also like coffee");
        _mem0.Memories("u1").Select(m => m.Memory).Should().Equal("I like green tea", "I also like coffee");
        _mem0.Memories("u2").Should().ContainSingle();
    }

    [Fact]
    public async Task AddWithInfer_WhenImageDataUri_ThenFactNamesTypeAndSize()
    {
        _mem0.EventPollsBeforeDone = 0;
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6 };
        var content = $$$"""
            [{"type":"text","text":"Receipt from the pharmacy"},{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Convert.ToBase64String(bytes)}}}"}}]
            """;

        var finished = await AddAndFinishAsync("u1", content: content);

        finished["results"]!.AsArray().Select(r => r!["data"]!["memory"]!.GetValue<string>())
            .Should().Equal("Receipt from the pharmacy", "Shared an image (image/png, 10 bytes)");
        _mem0.Memories("u1").Select(m => m.ImageContentTypes.Count == 0 ? "-" : m.ImageContentTypes[0]).Should().Equal("-", "image/png");
    }

    [Theory]
    [InlineData("""{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}""", false, "infer=true")]
    [InlineData("""{"type":"image_url","image_url":{"url":"data:image/png;base64,***"}}""", true, "data URI")]
    [InlineData("""{"type":"image_url","image_url":{"url":"data:image/png,abc"}}""", true, "data URI")]
    [InlineData("""{"type":"image_url","image_url":{"url":"ftp://example.test/a.png"}}""", true, "https URL")]
    [InlineData("""{"type":"audio","audio":"x"}""", true, "type")]
    public async Task Add_WhenImagePartInvalidOrNotInferred_Then400AndNothingQueued(string content, bool infer, string detail)
    {
        var body = $$"""{"messages":[{"role":"user","content":{{content}}}],"user_id":"u1","infer":{{(infer ? "true" : "false")}}}""";

        var response = await SendAsync(HttpMethod.Post, "v3/memories/add/", body);

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Json!["detail"]!.GetValue<string>().Should().Contain(detail);
        _mem0.AddCallsAccepted.Should().Be(0);
        _mem0.Memories().Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"messages":[],"user_id":"u1"}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"hi there"}]}""", "user_id")]
    [InlineData("""{"messages":[{"role":"bot","content":"hi there"}],"user_id":"u1"}""", "role")]
    [InlineData("""{"messages":[{"role":"user","content":"hi there"}],"user_id":"u1","timestamp":"2026-11-16"}""", "timestamp")]
    [InlineData("""{"messages":[{"role":"user","content":"hi there"}],"user_id":"u1","metadata":"x"}""", "metadata")]
    public async Task Add_WhenBodyBreaksTheContract_Then400(string body, string detail)
    {
        var response = await SendAsync(HttpMethod.Post, "v3/memories/add/", body);

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Json!["detail"]!.GetValue<string>().Should().Contain(detail);
    }

    [Fact]
    public async Task Event_WhenFailEvents_ThenFailedAndNothingStored()
    {
        _mem0.FailEvents = true;
        _mem0.EventPollsBeforeDone = 1;

        var eventId = (await SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like tea."))).Json!["event_id"]!.GetValue<string>();
        var running = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");
        var failed = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");

        running.Json!["status"]!.GetValue<string>().Should().Be("RUNNING");
        failed.Json!["status"]!.GetValue<string>().Should().Be("FAILED");
        failed.Json["results"]!.AsArray().Should().BeEmpty();
        _mem0.Memories().Should().BeEmpty();
    }

    [Fact]
    public async Task List_ThenNewestFirstPagedWithAbsoluteLinks()
    {
        for (var day = 0; day < 5; day++)
        {
            _mem0.Seed("u1", $"Note for day {day}", createdAt: s_monday.AddDays(day));
        }

        _mem0.Seed("u2", "Someone else's note", createdAt: s_monday.AddDays(9));

        var first = await SendAsync(HttpMethod.Post, "v3/memories/?page=1&page_size=2", """{"filters":{"user_id":"u1"}}""");
        var last = await SendAsync(HttpMethod.Post, "v3/memories/?page=3&page_size=2", """{"filters":{"user_id":"u1"}}""");
        var beyond = await SendAsync(HttpMethod.Post, "v3/memories/?page=4&page_size=2", """{"filters":{"user_id":"u1"}}""");
        var noFilters = await SendAsync(HttpMethod.Post, "v3/memories/", """{"user_id":"u1"}""");

        first.Status.Should().Be(HttpStatusCode.OK);
        first.Json!["count"]!.GetValue<int>().Should().Be(5);
        first.Json["previous"].Should().BeNull();
        first.Json["next"]!.GetValue<string>().Should().Be(_mem0.Url("v3/memories/?page=2&page_size=2").AbsoluteUri);
        first.Json["results"]!.AsArray().Select(r => r!["memory"]!.GetValue<string>()).Should().Equal("Note for day 4", "Note for day 3");
        first.Json["results"]![0]!.AsObject().Should().NotContainKey("score");
        last.Json!["results"]!.AsArray().Select(r => r!["memory"]!.GetValue<string>()).Should().Equal("Note for day 0");
        last.Json["next"].Should().BeNull();
        last.Json["previous"]!.GetValue<string>().Should().StartWith("http://127.0.0.1:");
        beyond.Status.Should().Be(HttpStatusCode.NotFound);
        noFilters.Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GetUpdateDelete_ThenActOnOneMemoryAndDeleteAllActsOnOneUser()
    {
        var kept = _mem0.Seed("u2", "Keep me");
        var first = _mem0.Seed("u1", "Parking spot B12");
        _mem0.Seed("u1", "Gym on Tuesdays");

        var get = await SendAsync(HttpMethod.Get, $"v1/memories/{first.Id}/");
        var put = await SendAsync(HttpMethod.Put, $"v1/memories/{first.Id}/", """{"text":"Parking spot C7","metadata":{"edited":true}}""");
        var delete = await SendAsync(HttpMethod.Delete, $"v1/memories/{first.Id}/");
        var gone = await SendAsync(HttpMethod.Get, $"v1/memories/{first.Id}/");
        var deleteAgain = await SendAsync(HttpMethod.Delete, $"v1/memories/{first.Id}/");
        var deleteAllWithoutEntity = await SendAsync(HttpMethod.Delete, "v1/memories/");
        var deleteAll = await SendAsync(HttpMethod.Delete, "v1/memories/?user_id=u1");

        get.Json!["memory"]!.GetValue<string>().Should().Be("Parking spot B12");
        get.Json["metadata"].Should().BeNull("the platform answers null for a memory without metadata");
        put.Status.Should().Be(HttpStatusCode.OK);
        put.Json!["memory"]!.GetValue<string>().Should().Be("Parking spot C7");
        put.Json["metadata"]!["edited"]!.GetValue<bool>().Should().BeTrue();
        delete.Json!["message"]!.GetValue<string>().Should().Be("Memory deleted successfully!");
        gone.Status.Should().Be(HttpStatusCode.NotFound);
        deleteAgain.Status.Should().Be(HttpStatusCode.NotFound);
        deleteAllWithoutEntity.Status.Should().Be(HttpStatusCode.BadRequest);
        deleteAll.Json!["message"]!.GetValue<string>().Should().Be("Memories deleted successfully!");
        _mem0.Memories().Select(m => m.Id).Should().Equal(kept.Id);
    }

    [Fact]
    public async Task Search_WhenAndWithCreatedAtRange_ThenOnlyThatUsersMemoriesInsideTheRange()
    {
        _mem0.Seed("u1", "dinner at Casa Pepe", createdAt: new DateTimeOffset(2026, 11, 15, 22, 0, 0, TimeSpan.Zero));
        _mem0.Seed("u1", "dinner at Sushi Ko", createdAt: new DateTimeOffset(2026, 11, 15, 23, 30, 0, TimeSpan.Zero));
        _mem0.Seed("u1", "dinner at Taberna", createdAt: new DateTimeOffset(2026, 11, 18, 20, 0, 0, TimeSpan.Zero));
        _mem0.Seed("u2", "dinner at Sushi Ko", createdAt: new DateTimeOffset(2026, 11, 16, 20, 0, 0, TimeSpan.Zero));

        // 2026-11-16T00:00:00+01:00 is 2026-11-15T23:00Z; a bound without an offset is read as UTC.
        var body = """
            {"query":"dinner","filters":{"AND":[{"user_id":"u1"},{"created_at":{"gte":"2026-11-16T00:00:00+01:00","lt":"2026-11-18T00:00:00"}}]}}
            """;
        var ranged = await SendAsync(HttpMethod.Post, "v3/memories/search/", body);

        var nestedOr = await SendAsync(HttpMethod.Post, "v3/memories/search/", """
            {"query":"dinner","filters":{"AND":[{"OR":[{"user_id":"u1"},{"user_id":"u2"}]},{"NOT":[{"memory_ids":{"in":["none"]}}]}]},"top_k":10}
            """);
        var siblingOr = await SendAsync(HttpMethod.Post, "v3/memories/search/", """
            {"query":"dinner","filters":{"AND":[{"user_id":"u1"}],"OR":[{"user_id":"u2"}]}}
            """);

        ranged.Json!["results"]!.AsArray().Select(r => r!["memory"]!.GetValue<string>()).Should().Equal("dinner at Sushi Ko");
        ranged.Json["results"]![0]!["user_id"]!.GetValue<string>().Should().Be("u1");
        nestedOr.Json!["results"]!.AsArray().Should().HaveCount(4);
        siblingOr.Json!["results"]!.AsArray().Select(r => r!["user_id"]!.GetValue<string>()).Should().AllBe("u1", "an OR beside AND is dropped");
    }

    [Fact]
    public async Task Search_WhenMetadataWildcardAndNeFilters_ThenApplied()
    {
        _mem0.Seed("u1", "tea with Ana", new JsonObject { ["source"] = "voice" });
        _mem0.Seed("u2", "tea with Bo", new JsonObject { ["source"] = "text" });

        var byMetadata = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"tea","filters":{"user_id":"*","metadata":{"source":"text"}}}""");
        var notU1 = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"tea","filters":{"user_id":{"ne":"u1"}}}""");
        var inList = await SendAsync(HttpMethod.Post, "v3/memories/search/", """{"query":"tea","filters":{"user_id":{"in":["u1","u2"]}}}""");

        byMetadata.Json!["results"]!.AsArray().Select(r => r!["memory"]!.GetValue<string>()).Should().Equal("tea with Bo");
        notU1.Json!["results"]!.AsArray().Select(r => r!["user_id"]!.GetValue<string>()).Should().Equal("u2");
        inList.Json!["results"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task Add_WhenManyRequestsArriveConcurrently_ThenEachIsRecordedAndStored()
    {
        var adds = Enumerable.Range(0, 24).Select(i => SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody($"u{i % 3}", $"Concurrent note {i}", infer: false)));

        var responses = await Task.WhenAll(adds);

        responses.Should().AllSatisfy(r => r.Status.Should().Be(HttpStatusCode.OK));
        _mem0.Memories().Should().HaveCount(24);
        _mem0.Memories("u0").Should().HaveCount(8);
        _mem0.AddCallsAccepted.Should().Be(24);
        _mem0.Requests.Should().HaveCount(24).And.OnlyContain(r => r.StatusCode == 200);
    }

    [Fact]
    public async Task StatusFault_Then500WithJsonDetailAndNoStateChange()
    {
        _mem0.InjectFault(new Mem0Fault.Status(500), times: 1);

        var faulted = await SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like tea.", infer: false));
        var retried = await SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like tea.", infer: false));

        faulted.Status.Should().Be(HttpStatusCode.InternalServerError);
        faulted.Json!["detail"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        retried.Status.Should().Be(HttpStatusCode.OK);
        _mem0.Memories().Should().ContainSingle();
        _mem0.AddCallsAccepted.Should().Be(1);
        _mem0.Requests.Select(r => r.StatusCode).Should().Equal(500, 200);
        _mem0.Requests[0].Body.Should().Contain("I like tea.");
    }

    [Fact]
    public async Task StatusFault_WhenUnauthenticated_ThenFaultWinsBecauseItIsCheckedBeforeAuth()
    {
        _mem0.InjectFault(new Mem0Fault.Status(503), times: 1);
        using var anonymous = NewClient(authorization: null);

        var response = await SendAsync(HttpMethod.Get, "v1/ping/", client: anonymous);

        response.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task RateLimitedFault_Then429WithRetryAfterAndRateLimitHeadersAndNoStateChange()
    {
        _mem0.EventPollsBeforeDone = 0;
        var eventId = (await SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like tea."))).Json!["event_id"]!.GetValue<string>();
        _mem0.InjectFault(new Mem0Fault.RateLimited(TimeSpan.FromSeconds(1.2)));

        var limitedAdd = await SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like coffee."));
        var limitedPoll = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");

        limitedAdd.Status.Should().Be(HttpStatusCode.TooManyRequests);
        limitedAdd.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        limitedAdd.Headers.GetValues("X-RateLimit-Limit").Should().Equal("1000");
        limitedAdd.Headers.GetValues("X-RateLimit-Remaining").Should().Equal("0");
        long.Parse(limitedAdd.Headers.GetValues("X-RateLimit-Reset").Single(), CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        limitedAdd.Json!["detail"]!.GetValue<string>().Should().Contain("throttled");
        limitedPoll.Status.Should().Be(HttpStatusCode.TooManyRequests);
        _mem0.AddCallsAccepted.Should().Be(1);
        _mem0.Memories().Should().BeEmpty("the faulted poll did not advance the event");

        _mem0.ClearFaults();
        var poll = await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/");

        poll.Json!["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        _mem0.Memories().Select(m => m.Memory).Should().Equal("I like tea");
    }

    [Fact]
    public async Task HangFault_WhenClientWaits_ThenAnswered504AfterTheDurationAndNothingStored()
    {
        _mem0.InjectFault(new Mem0Fault.Hang(TimeSpan.FromMilliseconds(400)), times: 1);
        var clock = Stopwatch.StartNew();

        var response = await SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like tea.", infer: false));

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380));
        response.Status.Should().Be(HttpStatusCode.GatewayTimeout);
        _mem0.Memories().Should().BeEmpty();
        _mem0.AddCallsAccepted.Should().Be(0);
        _mem0.Requests.Should().ContainSingle().Which.StatusCode.Should().Be(504);
    }

    [Fact]
    public async Task HangFault_WhenClientTimesOut_ThenAbortedRecordedAs499AndNothingStored()
    {
        _mem0.InjectFault(new Mem0Fault.Hang(TimeSpan.FromSeconds(1)));
        using var impatient = NewClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(200);

        var call = () => SendAsync(HttpMethod.Post, "v3/memories/add/", AddBody("u1", "I like tea.", infer: false), impatient);

        await call.Should().ThrowAsync<TaskCanceledException>();
        var deadline = Stopwatch.StartNew();
        while (_mem0.Requests.Single().StatusCode == 0 && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        _mem0.Requests.Single().StatusCode.Should().Be(Mem0Emulator.ClientClosedRequest);
        _mem0.Memories().Should().BeEmpty();
        _mem0.AddCallsAccepted.Should().Be(0);
    }

    [Fact]
    public async Task Faults_WhenScopedByPathPrefixAndTimes_ThenOnlyMatchingRequestsUntilUsedUpOrCleared()
    {
        _mem0.Seed("u1", "green tea");
        _mem0.InjectFault(new Mem0Fault.Status(503), times: 2, pathPrefix: "/v3/memories/search/");
        _mem0.InjectFault(new Mem0Fault.Status(502), pathPrefix: "v1/memories/");
        const string search = """{"query":"tea","filters":{"user_id":"u1"}}""";

        var statuses = new List<HttpStatusCode>
        {
            (await SendAsync(HttpMethod.Get, "v1/ping/")).Status,
            (await SendAsync(HttpMethod.Post, "v3/memories/search/", search)).Status,
            (await SendAsync(HttpMethod.Post, "v3/memories/search/", search)).Status,
            (await SendAsync(HttpMethod.Post, "v3/memories/search/", search)).Status,
            (await SendAsync(HttpMethod.Delete, "v1/memories/?user_id=u1")).Status,
            (await SendAsync(HttpMethod.Delete, "v1/memories/?user_id=u1")).Status,
        };
        _mem0.Memories().Should().ContainSingle("faulted deletes change nothing");
        _mem0.ClearFaults();
        statuses.Add((await SendAsync(HttpMethod.Delete, "v1/memories/?user_id=u1")).Status);

        statuses.Should().Equal(
            HttpStatusCode.OK,
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.OK,
            HttpStatusCode.BadGateway,
            HttpStatusCode.BadGateway,
            HttpStatusCode.OK);
        _mem0.Memories().Should().BeEmpty();
    }

    private static string AddBody(string userId, string text, bool infer = true) =>
        new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
            ["user_id"] = userId,
            ["infer"] = infer,
        }.ToJsonString();

    /// <summary>Queues an infer:true add and polls its event until it finishes; returns the final event.</summary>
    private async Task<JsonNode> AddAndFinishAsync(string userId, string? text = null, string? content = null)
    {
        var body = $$"""{"messages":[{"role":"user","content":{{content ?? JsonValue.Create(text)!.ToJsonString()}}}],"user_id":"{{userId}}"}""";
        var add = await SendAsync(HttpMethod.Post, "v3/memories/add/", body);
        add.Status.Should().Be(HttpStatusCode.OK, add.Json?.ToJsonString());
        var eventId = add.Json!["event_id"]!.GetValue<string>();
        for (var poll = 0; poll < 10; poll++)
        {
            var polled = (await SendAsync(HttpMethod.Get, $"v1/event/{eventId}/")).Json!;
            if (polled["status"]!.GetValue<string>() is "SUCCEEDED" or "FAILED")
            {
                return polled;
            }
        }

        throw new InvalidOperationException($"Event {eventId} did not finish.");
    }

    private HttpClient NewClient() => NewClient(new AuthenticationHeaderValue("Token", Mem0Emulator.DefaultApiKey));

    private HttpClient NewClient(AuthenticationHeaderValue? authorization)
    {
        var client = new HttpClient { BaseAddress = _mem0.BaseUrl };
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    private async Task<Response> SendAsync(HttpMethod method, string path, string? json = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await (client ?? _http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers);
    }

    private sealed record Response(HttpStatusCode Status, JsonNode? Json, HttpResponseHeaders Headers);
}
