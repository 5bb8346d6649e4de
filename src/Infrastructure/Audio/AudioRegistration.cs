using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.Audio;

public static class AudioRegistration
{
    /// <summary>
    /// ffmpeg transcoding, and speech to text by Whisper when <c>OpenAI:ApiKey</c> is set (model
    /// <c>OpenAI:TranscriptionModel</c>, server <c>OpenAI:BaseUrl</c>), otherwise by offline pocketsphinx.
    /// </summary>
    public static IServiceCollection AddSpeechToText(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IAudioTranscoder>(_ => new FfmpegAudioTranscoder());
        var whisper = WhisperOptions.FromConfiguration(configuration);
        if (whisper is null)
            services.AddSingleton<ITranscriber>(_ => new PocketSphinxTranscriber());
        else
            services.AddSingleton<ITranscriber>(_ => new WhisperTranscriber(whisper));
        return services;
    }
}
