namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>
/// Schema objects EF Core has no model for, created by migrations in raw SQL. Migrations keep their own
/// copy (they are history); <see cref="SchemaScript"/> uses these, and a test proves both build the same.
/// </summary>
public static class SqlObjects
{
    /// <summary>The embedded engine's keyword index (migration InitialCreate).</summary>
    public const string MemoryIndex =
        "CREATE VIRTUAL TABLE memory_index USING fts5(content, tags, tokenize = 'porter unicode61 remove_diacritics 2');";

    /// <summary>Deleting a memory removes its index entry (migration MemoryIndexFollowsDeletes).</summary>
    public const string MemoryIndexDeleteTrigger = """
        CREATE TRIGGER memories_after_delete_unindex AFTER DELETE ON memories
        BEGIN
            DELETE FROM memory_index WHERE rowid = old.id;
        END;
        """;

    /// <summary>
    /// The embedded engine's semantic index: one sentence vector per memory (float32, little-endian), with the
    /// model that made it, so a model change is detected and re-embedded (migration MemoryVectors).
    /// </summary>
    public const string MemoryVectors = """
        CREATE TABLE memory_vectors (
            memory_id INTEGER NOT NULL PRIMARY KEY REFERENCES memories (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        );
        """;

    public const string MemoryVectorsByUser = "CREATE INDEX ix_memory_vectors_user_id ON memory_vectors (user_id);";

    public static IReadOnlyList<string> All { get; } = [MemoryIndex, MemoryIndexDeleteTrigger, MemoryVectors, MemoryVectorsByUser];
}
