namespace MemoryAssistant.TestSupport.Retrieval;

/// <summary>
/// The memory engine configurations the benchmark compares, as the app's configuration keys
/// (<c>Embeddings:Provider</c>, <c>Embeddings:ModelPath</c>).
/// </summary>
public static class RetrievalModes
{
    public const string KeywordOnlyName = "keyword-only";
    public const string HybridName = "hybrid";

    /// <summary>BM25 alone.</summary>
    public static IDictionary<string, string?> KeywordOnly() =>
        new Dictionary<string, string?> { ["Embeddings:Provider"] = "none" };

    /// <summary>Word vectors plus BM25, with the model at <paramref name="modelPath"/>.</summary>
    public static IDictionary<string, string?> Hybrid(string modelPath) =>
        new Dictionary<string, string?> { ["Embeddings:Provider"] = "glove", ["Embeddings:ModelPath"] = modelPath };

    /// <summary>Hybrid with the model where <c>make setup</c> puts it in this repository.</summary>
    public static IDictionary<string, string?> Hybrid() => Hybrid(RepoPaths.WordVectorModel);
}
