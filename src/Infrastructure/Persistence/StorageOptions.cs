namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary><c>Storage__DataDirectory</c>: where the SQLite database (and later the media store) lives.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DatabaseFileName = "memoryassistant.db";

    public string DataDirectory { get; set; } = "data";

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFileName));
}
