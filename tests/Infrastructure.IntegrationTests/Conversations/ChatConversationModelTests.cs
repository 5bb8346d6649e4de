using System.Diagnostics;
using System.Text.Json;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Conversations;
using MemoryAssistant.Infrastructure.IntegrationTests.Images;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Conversations;

[Collection(LoopbackHttpTests.Name)]
public sealed class ChatConversationModelTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-chat-key";
    private const string Model = "gpt-4o-mini";

    private static readonly ConversationContextSummary s_context = new("Europe/Lisbon", "where did I park?", 3, AwaitingConfirmation: true);

    private static readonly string[] s_toolNames =
    [
        "remember", "recall", "show_media", "list", "more", "refer", "forget",
        "undo", "confirm", "cancel", "set_time_zone", "help", "greeting", "unknown",
    ];

    private readonly ListLogger<ChatConversationModel> _logger = new();
    private FakeOpenAiChatServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task InterpretAsync_WhenModelCallsForget_ThenForgetIntentAndRequestCarriesToolsPromptAndContext()
    {
        _server.ResponseJson = """{"choices":[{"message":{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"forget","arguments":"{\"item\":3}"}}]},"finish_reason":"tool_calls"}]}""";

        var intent = await ConversationModel().InterpretAsync("delete the third one", s_context, CancellationToken.None);

        intent.Should().Be(new ModelIntent(ModelAction.Forget, Item: 3));
        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/chat/completions");
        request.Authorization.Should().Be("Bearer " + ApiKey);

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        root.GetProperty("model").GetString().Should().Be(Model);
        root.GetProperty("tool_choice").GetString().Should().Be("required");
        root.GetProperty("temperature").GetDouble().Should().Be(0);

        var tools = root.GetProperty("tools").EnumerateArray().ToList();
        tools.Should().OnlyContain(t => t.GetProperty("type").GetString() == "function");
        tools.Select(t => t.GetProperty("function").GetProperty("name").GetString()).Should().Equal(s_toolNames);
        var forget = Parameters(tools, "forget");
        forget.GetProperty("type").GetString().Should().Be("object");
        forget.GetProperty("properties").GetProperty("item").GetProperty("type").GetString().Should().Be("integer");
        forget.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Equal("item");
        Parameters(tools, "remember").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Equal("text");
        Parameters(tools, "show_media").GetProperty("properties").GetProperty("kind").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).Should().Equal("note", "photo", "voice note", "place");
        var list = Parameters(tools, "list").GetProperty("properties");
        list.GetProperty("count").GetProperty("maximum").GetInt32().Should().Be(30);
        list.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("kind", "count", "period");
        Parameters(tools, "set_time_zone").GetProperty("properties").GetProperty("time_zone").GetProperty("type").GetString().Should().Be("string");
        Parameters(tools, "undo").GetProperty("properties").EnumerateObject().Should().BeEmpty();

        var messages = root.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("system", "user");
        var system = Text(messages[0]);
        system.Should().Contain("WhatsApp").And.Contain("memory assistant")
            .And.Contain("Anything that is not a question or a command is a note to remember")
            .And.Contain("Greetings, thanks and small talk are never saved")
            .And.Contain("Follow-ups").And.Contain("refer to the last results");
        system.Should().Contain("time zone: Europe/Lisbon")
            .And.Contain("Last question: \"where did I park?\"")
            .And.Contain("Last results: 3 numbered items")
            .And.Contain("Awaiting yes/no to confirm a forget: yes");
        Text(messages[1]).Should().Be("delete the third one");
    }

    [Fact]
    public async Task InterpretAsync_WhenNoConversationYet_ThenContextSaysNone()
    {
        _server.ResponseJson = FakeOpenAiChatServer.ToolCallCompletion("greeting", "{}", Model);

        var intent = await ConversationModel().InterpretAsync("hi!", new ConversationContextSummary("UTC", null, 0, false), CancellationToken.None);

        intent.Should().Be(new ModelIntent(ModelAction.Greeting));
        var system = Text(Messages(_server.Requests.Single().Body)[0]);
        system.Should().Contain("Last question: none").And.Contain("Last results: none").And.Contain("Awaiting yes/no to confirm a forget: no");
    }

    public static TheoryData<string, string, ModelIntent> EveryAction => new()
    {
        { "remember", """{"text":" Parked on level 3, spot 42 "}""", new ModelIntent(ModelAction.Remember, Text: "Parked on level 3, spot 42") },
        { "recall", """{"query":"dinner last week"}""", new ModelIntent(ModelAction.Recall, Query: "dinner last week") },
        { "recall", """{"query":"where did I park","period":"last month"}""", new ModelIntent(ModelAction.Recall, Query: "where did I park", Period: "last month") },
        { "show_media", """{"query":"the receipt","kind":"photo"}""", new ModelIntent(ModelAction.ShowMedia, Query: "the receipt", Kind: "photo") },
        { "show_media", """{"query":"","kind":"voice notes"}""", new ModelIntent(ModelAction.ShowMedia, Kind: "voice note") },
        { "list", """{"kind":"place","count":5,"period":"this week"}""", new ModelIntent(ModelAction.List, Kind: "place", Count: 5, Period: "this week") },
        { "list", "{}", new ModelIntent(ModelAction.List) },
        { "list", """{"count":"10","kind":null}""", new ModelIntent(ModelAction.List, Count: 10) },
        { "more", "{}", new ModelIntent(ModelAction.More) },
        { "refer", """{"item":2}""", new ModelIntent(ModelAction.Refer, Item: 2) },
        { "forget", """{"item":3}""", new ModelIntent(ModelAction.Forget, Item: 3) },
        { "undo", "{}", new ModelIntent(ModelAction.Undo) },
        { "confirm", "{}", new ModelIntent(ModelAction.Confirm) },
        { "cancel", "{}", new ModelIntent(ModelAction.Cancel) },
        { "set_time_zone", """{"time_zone":"america/new_york"}""", new ModelIntent(ModelAction.SetTimeZone, TimeZone: "America/New_York") },
        { "help", "{}", new ModelIntent(ModelAction.Help) },
        { "greeting", "{}", new ModelIntent(ModelAction.Greeting) },
        { "unknown", "{}", new ModelIntent(ModelAction.Unknown) },
    };

    [Theory]
    [MemberData(nameof(EveryAction))]
    public async Task InterpretAsync_WhenModelCallsATool_ThenMatchingIntent(string tool, string arguments, ModelIntent expected)
    {
        _server.ResponseJson = FakeOpenAiChatServer.ToolCallCompletion(tool, arguments, Model);

        var intent = await ConversationModel().InterpretAsync("a message", s_context, CancellationToken.None);

        intent.Should().Be(expected);
        _logger.Warnings.Should().BeEmpty();
    }

    [Theory]
    [InlineData("forget", """{"item":0}""")]
    [InlineData("forget", """{"item":"two"}""")]
    [InlineData("forget", """{"item":2.5}""")]
    [InlineData("refer", """{"item":-1}""")]
    [InlineData("refer", "{}")]
    [InlineData("list", """{"count":0}""")]
    [InlineData("list", """{"count":31}""")]
    [InlineData("list", """{"kind":"video"}""")]
    [InlineData("list", """{"period":7}""")]
    [InlineData("remember", """{"text":"   "}""")]
    [InlineData("remember", "{}")]
    [InlineData("remember", """{"text":42}""")]
    [InlineData("recall", """{"query":""}""")]
    [InlineData("show_media", "{}")]
    [InlineData("set_time_zone", """{"time_zone":"Mars/Olympus_Mons"}""")]
    [InlineData("delete_everything", "{}")]
    [InlineData("forget", "{\"item\":")]
    public async Task InterpretAsync_WhenArgumentsBreakTheSchema_ThenNullAndAWarning(string tool, string arguments)
    {
        _server.ResponseJson = FakeOpenAiChatServer.ToolCallCompletion(tool, arguments, Model);

        var intent = await ConversationModel().InterpretAsync("a message", s_context, CancellationToken.None);

        intent.Should().BeNull();
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain(tool).And.NotContain("a message");
    }

    [Fact]
    public async Task InterpretAsync_WhenModelAnswersInTextInsteadOfCallingATool_ThenNull()
    {
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion("Sure, I'll remember that!", Model);

        var intent = await ConversationModel().InterpretAsync("parked on level 3", s_context, CancellationToken.None);

        intent.Should().BeNull();
        _logger.Warnings.Should().ContainSingle();
    }

    [Fact]
    public async Task InterpretAsync_WhenServerFails_ThenNullAfterOneRetryAndAWarningWithoutTheKey()
    {
        _server.StatusCode = 500;
        _server.ResponseJson = """{"error":{"message":"The server had an error","type":"server_error"}}""";

        var intent = await ConversationModel().InterpretAsync("parked on level 3", s_context, CancellationToken.None);

        intent.Should().BeNull();
        _server.Requests.Should().HaveCount(2, "one attempt and the one retry configured");
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("500").And.NotContain(ApiKey);
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("{}")]
    public async Task InterpretAsync_WhenAnswerIsNotAChatCompletion_ThenNullAndAWarning(string response)
    {
        _server.ResponseJson = response;

        var intent = await ConversationModel().InterpretAsync("parked on level 3", s_context, CancellationToken.None);

        intent.Should().BeNull();
        _logger.Warnings.Should().ContainSingle();
    }

    [Fact]
    public async Task InterpretAsync_WhenServerHangsPastTheTimeout_ThenNullSoon()
    {
        _server.Delay = TimeSpan.FromSeconds(10);
        _server.ResponseJson = FakeOpenAiChatServer.ToolCallCompletion("greeting", "{}", Model);
        var stopwatch = Stopwatch.StartNew();

        var intent = await ConversationModel(TimeSpan.FromMilliseconds(300)).InterpretAsync("hello", s_context, CancellationToken.None);

        intent.Should().BeNull();
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("within");
    }

    [Fact]
    public async Task InterpretAsync_WhenCallerCancels_ThenCancellationPropagates()
    {
        _server.Delay = TimeSpan.FromSeconds(10);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => ConversationModel(TimeSpan.FromSeconds(5)).InterpretAsync("hello", s_context, cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task AnswerAsync_WhenModelAnswers_ThenOnlyTheNumberedMemoriesAreSentAndTheTextReturned()
    {
        GroundingMemory[] memories =
        [
            new(1, "Tue 17 Nov, 19:05", "note", "Dinner at Cervejaria Ramiro with Ana"),
            new(2, "Sat 21 Nov, 12:30", "photo", "A receipt from Ramiro, total 84.50 EUR"),
        ];
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion("  You had dinner at *Cervejaria Ramiro* with Ana [1]; it cost 84.50 EUR [2].\n ", Model);

        var answer = await ConversationModel().AnswerAsync("where did we have dinner?", memories, "Europe/Lisbon", CancellationToken.None);

        answer.Should().Be("You had dinner at *Cervejaria Ramiro* with Ana [1]; it cost 84.50 EUR [2].");
        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/chat/completions");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.TryGetProperty("tools", out _).Should().BeFalse();
        body.RootElement.TryGetProperty("tool_choice", out _).Should().BeFalse();
        body.RootElement.GetProperty("temperature").GetDouble().Should().Be(0);

        var messages = body.RootElement.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("system", "user");
        Text(messages[0]).Should().Contain("ONLY the numbered memories").And.Contain("[1]").And.Contain("At most 3 short lines")
            .And.Contain("WhatsApp").And.Contain("say so plainly").And.Contain("never invent");
        Text(messages[1]).Should().Be(
            """
            Question: where did we have dinner?
            Time zone: Europe/Lisbon
            Memories:
            [1] Tue 17 Nov, 19:05 — note: Dinner at Cervejaria Ramiro with Ana
            [2] Sat 21 Nov, 12:30 — photo: A receipt from Ramiro, total 84.50 EUR
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task AnswerAsync_WhenMemoryHasSeveralLines_ThenItStaysOnItsNumberedLine()
    {
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion("Milk and eggs [4].", Model);

        await ConversationModel().AnswerAsync("what's on the list?", [new(4, "Mon 2 Mar, 08:00", "voice note", "buy milk\nand eggs")], "UTC", CancellationToken.None);

        Text(Messages(_server.Requests.Single().Body)[1]).Should().EndWith("\n[4] Mon 2 Mar, 08:00 — voice note: buy milk and eggs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task AnswerAsync_WhenAnswerIsEmpty_ThenNull(string content)
    {
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion(content, Model);

        var answer = await ConversationModel().AnswerAsync("where did I park?", [new(1, "Today, 09:00", "note", "Level 3")], "UTC", CancellationToken.None);

        answer.Should().BeNull();
    }

    [Fact]
    public async Task AnswerAsync_WhenAnswerIsTooLong_ThenCutTo1600Characters()
    {
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion(new string('a', 3000), Model);

        var answer = await ConversationModel().AnswerAsync("tell me everything", [new(1, "Today, 09:00", "note", "Level 3")], "UTC", CancellationToken.None);

        answer.Should().HaveLength(1600).And.EndWith("…");
    }

    [Fact]
    public async Task AnswerAsync_WhenNoMemories_ThenNullWithoutAsking()
    {
        var answer = await ConversationModel().AnswerAsync("where did I park?", [], "UTC", CancellationToken.None);

        answer.Should().BeNull();
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task AnswerAsync_WhenServerFails_ThenNull()
    {
        _server.StatusCode = 503;
        _server.ResponseJson = """{"error":{"message":"overloaded","type":"server_error"}}""";

        var answer = await ConversationModel().AnswerAsync("where did I park?", [new(1, "Today, 09:00", "note", "Level 3")], "UTC", CancellationToken.None);

        answer.Should().BeNull();
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("503");
    }

    [Fact]
    public async Task AnswerAsync_WhenServerHangsPastTheTimeout_ThenNullSoon()
    {
        _server.Delay = TimeSpan.FromSeconds(10);
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion("Level 3 [1].", Model);
        var stopwatch = Stopwatch.StartNew();

        var answer = await ConversationModel(TimeSpan.FromMilliseconds(300))
            .AnswerAsync("where did I park?", [new(1, "Today, 09:00", "note", "Level 3")], "UTC", CancellationToken.None);

        answer.Should().BeNull();
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    private ChatConversationModel ConversationModel(TimeSpan? timeout = null)
    {
        var options = new ChatConversationModelOptions(ApiKey, Model, _server.BaseUrl) { Timeout = timeout ?? TimeSpan.FromSeconds(5) };
        return new ChatConversationModel(ChatConversationModel.CreateChatClient(options), options, _logger);
    }

    private static JsonElement Parameters(List<JsonElement> tools, string name) =>
        tools.Single(t => t.GetProperty("function").GetProperty("name").GetString() == name).GetProperty("function").GetProperty("parameters");

    private static List<JsonElement> Messages(string body)
    {
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.Clone())];
    }

    /// <summary>A message's text, whether the client sent the content as a string or as text parts.</summary>
    private static string Text(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Where(p => p.GetProperty("type").GetString() == "text").Select(p => p.GetProperty("text").GetString()));
    }
}
