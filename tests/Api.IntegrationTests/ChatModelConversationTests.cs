using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>
/// With a chat model configured (a loopback OpenAI-compatible server here): the model picks the action by a
/// tool call, the answer it writes is grounded only in this user's retrieved memories, and when it fails the
/// rules take over and nothing is lost.
/// </summary>
public sealed class ChatModelConversationTests : IAsyncLifetime, IDisposable
{
    private const string User = "+351912345678";
    private const string Model = "gpt-4o-mini";
    private FakeOpenAiChatServer _chat = null!;
    private ApiFactory _app = null!;
    private WhatsAppClient _whatsapp = null!;

    public async Task InitializeAsync()
    {
        _chat = await FakeOpenAiChatServer.StartAsync();
        _app = new ApiFactory(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-test-chat",
            ["OpenAI:BaseUrl"] = _chat.BaseUrl.ToString(),
            ["OpenAI:ChatTimeout"] = "3",
        });
        _whatsapp = _app.CreateWhatsAppClient(User);
    }

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    public void Dispose() => _app.Dispose();

    private static bool HasTools(string body) => body.Contains("\"tools\"", StringComparison.Ordinal);

    [Fact]
    public async Task ModelPicksRecall_AndItsAnswerIsGroundedInThisUsersMemoriesOnly()
    {
        _chat.Respond = request => HasTools(request.Body)
            ? FakeOpenAiChatServer.ToolCallCompletion("remember", "{\"text\":\"note\"}", Model)
            : FakeOpenAiChatServer.ChatCompletion("unused", Model);
        var other = _app.CreateWhatsAppClient("+447700900123");
        await _whatsapp.SendAsync("Passport is in the top drawer of the desk");
        await other.SendAsync("My passport is at my parents' house");

        _chat.Respond = request => HasTools(request.Body)
            ? FakeOpenAiChatServer.ToolCallCompletion("recall", "{\"query\":\"passport\"}", Model)
            : FakeOpenAiChatServer.ChatCompletion("Your passport is in the top drawer of the desk [1].", Model);
        var reply = await _whatsapp.SendAsync("I'm trying to remember where I put my passport");

        reply.Should().StartWith("💬 Your passport is in the top drawer of the desk [1].").And.Contain("1. ");
        var answerRequest = _chat.Requests.Last(r => !HasTools(r.Body));
        answerRequest.Body.Should().Contain("top drawer").And.NotContain("parents", "the model never sees another user's memories");
        (await _whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle("a question is not saved as a note");
    }

    [Fact]
    public async Task ModelReadsTheMood_WhichWinsOverTheLexicon_AndRemindersNeverReachTheModel()
    {
        _chat.Respond = _ => FakeOpenAiChatServer.ToolCallCompletion(
            "remember", "{\"text\":\"n\",\"mood\":\"negative\",\"emotion\":\"disappointment\"}", Model);
        await _whatsapp.SendAsync("Oh great, another Monday with the printer broken again");
        var asked = _chat.Requests.Count;

        var reminder = await _whatsapp.SendAsync("remind me tomorrow at 9 to call mom");

        (await _app.QueryAsync<string>("SELECT mood_valence || ' ' || mood_emotion FROM memories ORDER BY id LIMIT 1")).Single()
            .Should().Be("negative disappointment", "\"great\" fools a lexicon, not the model");
        reminder.Should().Contain("I'll remind you");
        _chat.Requests.Count.Should().Be(asked, "the rules read a reminder's time exactly; the model is not asked");
    }

    [Fact]
    public async Task ModelPicksForget_ThenTheRulesAskForConfirmation()
    {
        _chat.Respond = request => HasTools(request.Body)
            ? FakeOpenAiChatServer.ToolCallCompletion("remember", "{\"text\":\"n\"}", Model)
            : FakeOpenAiChatServer.ChatCompletion("ok", Model);
        await _whatsapp.SendAsync("Gym locker 12");
        await _whatsapp.SendAsync("Bike lock 4512");
        await _whatsapp.SendAsync("/list");

        _chat.Respond = _ => FakeOpenAiChatServer.ToolCallCompletion("forget", "{\"item\":2}", Model);
        var ask = await _whatsapp.SendAsync("get rid of the second one please");

        ask.Should().Contain("Forget item 2").And.Contain("Gym locker 12");
        var interpret = JsonDocument.Parse(_chat.Requests.Last().Body).RootElement;
        interpret.GetProperty("tools").GetArrayLength().Should().BeGreaterThan(10);
        interpret.ToString().Should().Contain("Europe/Lisbon", "the model is told the user's zone");
    }

    [Fact]
    public async Task ModelFails_TheRulesDecide_AndTheNoteIsKept()
    {
        _chat.StatusCode = 500;

        var reply = await _whatsapp.SendAsync("Dentist on Friday at 3pm");

        reply.Should().Contain("Saved");
        (await _whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle();
    }
}
