using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.Images;

public static class ImageRegistration
{
    /// <summary>
    /// Offline photo analysis (size, perceptual hash, EXIF, OCR; limits from the <c>Images</c> section), and a
    /// vision-model description when <c>OpenAI:ApiKey</c> is set (model <c>OpenAI:VisionModel</c>, server
    /// <c>OpenAI:BaseUrl</c>), otherwise none. Both are stateless singletons.
    /// </summary>
    public static IServiceCollection AddImageUnderstanding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var analyzerOptions = configuration.GetSection(ImageAnalyzerOptions.Section).Get<ImageAnalyzerOptions>() ?? new ImageAnalyzerOptions();
        services.AddSingleton(analyzerOptions);
        services.AddSingleton<IImageAnalyzer>(provider =>
            new ImageAnalyzer(analyzerOptions, provider.GetRequiredService<ILogger<ImageAnalyzer>>()));

        var describer = OpenAiImageDescriberOptions.FromConfiguration(configuration);
        if (describer is null)
            services.AddSingleton<IImageDescriber, NullImageDescriber>();
        else
            services.AddSingleton<IImageDescriber>(provider =>
                new OpenAiImageDescriber(describer, provider.GetRequiredService<ILogger<OpenAiImageDescriber>>()));
        return services;
    }
}
