namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary><c>Embeddings__*</c>: the vectors beside the keyword index.</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>"glove" (offline word vectors, the default), "openai" (an OpenAI-compatible API), or "none" (keywords only).</summary>
    public string Provider { get; set; } = "glove";

    /// <summary>The converted GloVe model; default <c>&lt;data&gt;/models/wink-glove-sg-100d.bin</c> (made by <c>make setup</c>).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Model for the "openai" provider (with <c>OpenAI__ApiKey</c> and optional <c>OpenAI__BaseUrl</c>).</summary>
    public string OpenAiModel { get; set; } = "text-embedding-3-small";

    public const string DefaultModelFile = "wink-glove-sg-100d.bin";
}
