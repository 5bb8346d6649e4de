using System.Buffers;
using System.Globalization;
using System.Runtime.Intrinsics;
using Microsoft.Extensions.AI;

namespace MemoryAssistant.Infrastructure.Embeddings;

/// <summary>
/// Offline sentence embeddings from word vectors: the SIF-weighted average of the known words' vectors
/// (Arora et al. 2017, without the common-component removal), L2-normalised. Text with no known word gets the
/// all-zero vector, which is similar to nothing. No network, no model server; thread-safe.
/// </summary>
public sealed class GloveEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "glove";

    private const int StackBufferChars = 512;

    private readonly WordVectors _vectors;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public GloveEmbeddingGenerator(WordVectors vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _vectors = vectors;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, vectors.ModelId, vectors.Dimensions);
    }

    public int Dimensions => _vectors.Dimensions;

    /// <summary>The embedding of one text, synchronously (for bulk use).</summary>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var embedding = new float[_vectors.Dimensions];
        Embed(text, embedding);
        return embedding;
    }

    /// <summary>Writes the embedding of <paramref name="text"/> into <paramref name="destination"/> without allocating.</summary>
    public void Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        var dimensions = _vectors.Dimensions;
        if (destination.Length != dimensions)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The destination holds {destination.Length} floats; the model has {dimensions} dimensions."), nameof(destination));
        destination.Clear();

        char[]? rented = null;
        var buffer = text.Length <= StackBufferChars
            ? stackalloc char[StackBufferChars]
            : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            var words = new TextTokens.WordEnumerator(text, buffer);
            while (words.MoveNext())
            {
                if (_vectors.TryFindRank(words.Current, out var rank) && _vectors.HasVector(rank))
                    _vectors.AddScaled(rank, _vectors.SifWeightOfRank(rank), destination);
            }
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }

        Normalise(destination);
    }

    private static void Normalise(Span<float> vector)
    {
        var i = 0;
        var squares = 0f;
        if (Vector256.IsHardwareAccelerated)
        {
            var sum = Vector256<float>.Zero;
            for (; i <= vector.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.Create((ReadOnlySpan<float>)vector.Slice(i, Vector256<float>.Count));
                sum += x * x;
            }

            squares = Vector256.Sum(sum);
        }

        for (; i < vector.Length; i++)
            squares += vector[i] * vector[i];
        if (squares == 0)
            return;

        var inverseNorm = 1f / MathF.Sqrt(squares);
        i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= vector.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var slice = vector.Slice(i, Vector256<float>.Count);
                (Vector256.Create((ReadOnlySpan<float>)slice) * inverseNorm).CopyTo(slice);
            }
        }

        for (; i < vector.Length; i++)
            vector[i] *= inverseNorm;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != _vectors.Dimensions)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"This model makes {_vectors.Dimensions}-dimensional embeddings, not {dimensions}."), nameof(options));
        if (options?.ModelId is { } modelId && !string.Equals(modelId, _vectors.ModelId, StringComparison.Ordinal))
            throw new ArgumentException($"This generator serves {_vectors.ModelId}, not {modelId}.", nameof(options));

        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // CreatedAt stays unset: time comes from the injected clock, which this adapter does not need.
            embeddings.Add(new Embedding<float>(Embed(value ?? "")) { ModelId = _vectors.ModelId });
        }

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return _metadata;
        if (serviceType == typeof(WordVectors))
            return _vectors;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release: the word vectors are shared and managed.</summary>
    public void Dispose()
    {
    }
}
