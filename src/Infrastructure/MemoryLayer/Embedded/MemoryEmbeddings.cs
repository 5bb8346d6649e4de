using MemoryAssistant.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary>
/// What the embedded engine has for meaning: a sentence embedder (GloVe offline, or an OpenAI-compatible
/// API) and, with GloVe, the word vectors themselves for word-to-word alignment. When neither is available
/// the engine searches keywords alone and <see cref="Status"/> says why (shown by /health).
/// </summary>
public sealed class MemoryEmbeddings
{
    private MemoryEmbeddings(IEmbeddingGenerator<string, Embedding<float>>? generator, WordVectors? words, string? modelId, string status)
    {
        Generator = generator;
        Words = words;
        ModelId = modelId;
        Status = status;
    }

    public IEmbeddingGenerator<string, Embedding<float>>? Generator { get; }

    /// <summary>Word vectors (GloVe only): used to align query words with memory words.</summary>
    public WordVectors? Words { get; }

    /// <summary>Stored with every vector; a different model means the stored vectors are stale.</summary>
    public string? ModelId { get; }

    public string Status { get; }

    public bool Enabled => Generator is not null && ModelId is not null;

    /// <summary>
    /// Embedding costs microseconds on this machine (GloVe), so it is done inside the memory's transaction.
    /// A remote model is not called while SQLite's write lock is held: the backfill worker embeds after the commit.
    /// </summary>
    public bool IsLocal => Generator is GloveEmbeddingGenerator;

    public static MemoryEmbeddings None(string status) => new(null, null, null, status);

    public static MemoryEmbeddings FromWordVectors(WordVectors words) =>
        new(new GloveEmbeddingGenerator(words), words, $"{words.ModelId}", $"GloVe word vectors {words.ModelId} ({words.Count:N0} words, {words.Dimensions} dimensions).");

    public static MemoryEmbeddings FromGenerator(IEmbeddingGenerator<string, Embedding<float>> generator, string modelId) =>
        new(generator, null, modelId, $"Embeddings from {modelId}.");

    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        if (Generator is GloveEmbeddingGenerator glove)
            return glove.Embed(text);
        if (Generator is null)
            return [];
        var result = await Generator.GenerateAsync([text], cancellationToken: cancellationToken);
        return Normalise(result[0].Vector.ToArray());
    }

    private static float[] Normalise(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
                vector[i] /= norm;
        }

        return vector;
    }
}
