using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Images;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Images;

public sealed class ImageRegistrationTests
{
    [Fact]
    public void AddImageUnderstanding_WhenNoApiKey_ThenOfflineAnalyzerSingletonAndNullDescriber()
    {
        using var provider = Build(new Dictionary<string, string?>());

        provider.GetRequiredService<IImageAnalyzer>().Should().BeOfType<ImageAnalyzer>()
            .And.BeSameAs(provider.GetRequiredService<IImageAnalyzer>());
        provider.GetRequiredService<IImageDescriber>().Should().BeOfType<NullImageDescriber>();
    }

    [Fact]
    public void AddImageUnderstanding_WhenApiKeySet_ThenOpenAiDescriberSingleton()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-test",
            ["OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["OpenAI:VisionModel"] = "llava",
        });

        provider.GetRequiredService<IImageDescriber>().Should().BeOfType<OpenAiImageDescriber>()
            .And.BeSameAs(provider.GetRequiredService<IImageDescriber>());
    }

    [Fact]
    public void FromConfiguration_WhenOnlyTheKeyIsSet_ThenDefaultModelAndOpenAiEndpoint()
    {
        var options = OpenAiImageDescriberOptions.FromConfiguration(Configuration(new() { ["OpenAI:ApiKey"] = " sk-test " }));

        options.Should().Be(new OpenAiImageDescriberOptions("sk-test", "gpt-4o-mini", null));
    }

    [Fact]
    public void FromConfiguration_WhenKeyIsBlank_ThenNoDescriber()
    {
        OpenAiImageDescriberOptions.FromConfiguration(Configuration(new() { ["OpenAI:ApiKey"] = "  " })).Should().BeNull();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddImageUnderstanding(Configuration(settings)).BuildServiceProvider(validateScopes: true);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
