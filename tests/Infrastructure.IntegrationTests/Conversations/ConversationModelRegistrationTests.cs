using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Conversations;
using MemoryAssistant.Infrastructure.IntegrationTests.Images;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Conversations;

[Collection(LoopbackHttpTests.Name)]
public sealed class ConversationModelRegistrationTests
{
    [Fact]
    public async Task AddConversationModel_WhenNoApiKey_ThenOfflineSingletonThatAnswersNothing()
    {
        using var provider = Build(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = "  " });

        var model = provider.GetRequiredService<IConversationModel>();

        model.Should().BeOfType<OfflineConversationModel>().And.BeSameAs(provider.GetRequiredService<IConversationModel>());
        model.IsAvailable.Should().BeFalse();
        (await model.InterpretAsync("parked on level 3", new ConversationContextSummary("UTC", null, 0, false), CancellationToken.None)).Should().BeNull();
        (await model.AnswerAsync("where did I park?", [new(1, "Today, 09:00", "note", "Level 3")], "UTC", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task AddConversationModel_WhenApiKeySet_ThenChatSingletonTalkingToTheConfiguredServerAndModel()
    {
        await using var server = await FakeOpenAiChatServer.StartAsync();
        server.ResponseJson = FakeOpenAiChatServer.ToolCallCompletion("help", "{}", "llama3.1");
        using var provider = Build(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-test",
            ["OpenAI:BaseUrl"] = server.BaseUrl.AbsoluteUri,
            ["OpenAI:ChatModel"] = "llama3.1",
        });

        var model = provider.GetRequiredService<IConversationModel>();
        var intent = await model.InterpretAsync("what can you do?", new ConversationContextSummary("UTC", null, 0, false), CancellationToken.None);

        model.Should().BeOfType<ChatConversationModel>().And.BeSameAs(provider.GetRequiredService<IConversationModel>());
        model.IsAvailable.Should().BeTrue();
        intent.Should().Be(new ModelIntent(ModelAction.Help));
        var request = server.Requests.Should().ContainSingle().Subject;
        request.Authorization.Should().Be("Bearer sk-test");
        request.Body.Should().Contain("\"model\":\"llama3.1\"");
    }

    [Fact]
    public void FromConfiguration_WhenOnlyTheKeyIsSet_ThenDefaultModelTimeoutAndOpenAiEndpoint()
    {
        var options = ChatConversationModelOptions.FromConfiguration(Configuration(new() { ["OpenAI:ApiKey"] = " sk-test " }));

        options.Should().Be(new ChatConversationModelOptions("sk-test", "gpt-4o-mini", null));
        options!.Timeout.Should().Be(TimeSpan.FromSeconds(8));
    }

    [Theory]
    [InlineData("2.5", 2500)]
    [InlineData("00:00:03", 3000)]
    [InlineData("8", 8000)]
    [InlineData("0", 8000)]
    [InlineData("-1", 8000)]
    [InlineData("soon", 8000)]
    public void FromConfiguration_WhenChatTimeoutSet_ThenSecondsOrTimeSpanElseDefault(string value, int expectedMilliseconds)
    {
        var options = ChatConversationModelOptions.FromConfiguration(Configuration(new() { ["OpenAI:ApiKey"] = "sk-test", ["OpenAI:ChatTimeout"] = value }));

        options!.Timeout.Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddConversationModel(Configuration(settings)).BuildServiceProvider(validateScopes: true);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
