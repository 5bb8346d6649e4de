using MemoryAssistant.Infrastructure.Ai;
using MemoryAssistant.Infrastructure.Embeddings;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

public static class EmbeddingsRegistration
{
    /// <summary>
    /// Registers what the embedded engine has for meaning (<see cref="MemoryEmbeddings"/>): the offline GloVe
    /// model when its file exists, an OpenAI-compatible embeddings API when chosen and keyed, or nothing
    /// (keyword search, with /health saying why). A missing model never stops the app from starting.
    /// </summary>
    public static IServiceCollection AddMemoryEmbeddings(this IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        var options = configuration.GetSection(EmbeddingOptions.Section).Get<EmbeddingOptions>() ?? new EmbeddingOptions();
        services.AddSingleton(options);
        services.AddSingleton<MemoryVectorCache>();
        services.AddSingleton<MemoryVectorBackfill.Signal>();
        services.AddSingleton(_ => Create(options, configuration, storage));
        services.AddHostedService<MemoryVectorBackfill>();
        return services;
    }

    public static string ModelPath(EmbeddingOptions options, StorageOptions storage) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.ModelPath)
            ? Path.Combine(storage.DataDirectory, "models", EmbeddingOptions.DefaultModelFile)
            : options.ModelPath);

    private static MemoryEmbeddings Create(EmbeddingOptions options, IConfiguration configuration, StorageOptions storage)
    {
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "none":
                return MemoryEmbeddings.None("Embeddings are off (Embeddings:Provider=none): keyword search only.");
            case "openai":
                if (OpenAiSettings.Read(configuration, "EmbeddingModel", options.OpenAiModel) is not { } openAi)
                    return MemoryEmbeddings.None("Embeddings:Provider=openai needs OpenAI:ApiKey: keyword search only.");
                var client = new OpenAI.OpenAIClient(
                    new System.ClientModel.ApiKeyCredential(openAi.ApiKey),
                    new OpenAI.OpenAIClientOptions { Endpoint = openAi.BaseUrl });
                return MemoryEmbeddings.FromGenerator(client.GetEmbeddingClient(openAi.Model).AsIEmbeddingGenerator(), openAi.Model);
            default:
                var path = ModelPath(options, storage);
                if (!File.Exists(path))
                    return MemoryEmbeddings.None($"The word-vector model is missing ({path}): keyword search only. Run `make setup` (scripts/fetch-embeddings.sh).");
                try
                {
                    return MemoryEmbeddings.FromWordVectors(WordVectors.LoadShared(path));
                }
                catch (InvalidDataException ex)
                {
                    return MemoryEmbeddings.None($"The word-vector model at {path} cannot be read ({ex.Message}): keyword search only.");
                }
        }
    }
}
