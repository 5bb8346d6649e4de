using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Audio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Audio;

public sealed class AudioRegistrationTests
{
    [Fact]
    public void AddSpeechToText_WhenNoApiKey_ThenOfflinePocketSphinxAndFfmpeg()
    {
        using var provider = Build(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = " " });

        provider.GetRequiredService<ITranscriber>().Should().BeOfType<PocketSphinxTranscriber>();
        provider.GetRequiredService<IAudioTranscoder>().Should().BeOfType<FfmpegAudioTranscoder>()
            .And.BeSameAs(provider.GetRequiredService<IAudioTranscoder>());
    }

    [Fact]
    public void AddSpeechToText_WhenApiKeySet_ThenWhisper()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-test",
            ["OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
        });

        provider.GetRequiredService<ITranscriber>().Should().BeOfType<WhisperTranscriber>()
            .And.BeSameAs(provider.GetRequiredService<ITranscriber>());
    }

    [Fact]
    public void WhisperOptions_FromConfiguration_ThenDefaultsAndOverrides()
    {
        WhisperOptions.FromConfiguration(Configuration(new() { ["OpenAI:ApiKey"] = "sk-1" }))
            .Should().Be(new WhisperOptions("sk-1", "whisper-1", null));
        WhisperOptions.FromConfiguration(Configuration(new()
        {
            ["OpenAI:ApiKey"] = "sk-2",
            ["OpenAI:TranscriptionModel"] = "whisper-large-v3",
            ["OpenAI:BaseUrl"] = "http://whisper.local:8000/v1",
        })).Should().Be(new WhisperOptions("sk-2", "whisper-large-v3", new Uri("http://whisper.local:8000/v1")));
        WhisperOptions.FromConfiguration(Configuration(new())).Should().BeNull();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddSpeechToText(Configuration(settings)).BuildServiceProvider(validateScopes: true);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
