using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>
/// <c>db/schema.sql</c>: the SQL the migrations generate, from an empty database to the latest migration.
/// EF Core refuses <c>--idempotent</c> for SQLite (it has no IF blocks), so the script is made safe to
/// re-run the SQLite way: <c>IF NOT EXISTS</c> on every CREATE and <c>INSERT OR IGNORE</c> into the history.
/// A test runs it twice against a blank file and compares the result with what the migrations build.
/// See docs/decisions/0005-schema-script-for-sqlite.md.
/// </summary>
public static partial class SchemaScript
{
    public const string Header = """
        -- MemoryAssistant database schema (SQLite). GENERATED from the EF Core migrations: do not edit.
        -- Regenerate with `make schema`; a test fails when this file and the migrations disagree.
        -- Safe to run on an empty or an up-to-date database: `sqlite3 data/memoryassistant.db < db/schema.sql`.
        -- Times are INTEGER Unix epoch milliseconds (UTC); enums are lower-case words.

        """;

    public static string Generate(DbContext db)
    {
        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: null, toMigration: null, MigrationsSqlGenerationOptions.Default);
        return Header + MakeRerunnable(script).ReplaceLineEndings("\n").Trim() + "\n";
    }

    internal static string MakeRerunnable(string script)
    {
        script = CreateWithoutGuard().Replace(script, m => $"{m.Groups[1].Value} IF NOT EXISTS ");
        return script.Replace("INSERT INTO \"__EFMigrationsHistory\"", "INSERT OR IGNORE INTO \"__EFMigrationsHistory\"", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(CREATE (?:UNIQUE INDEX|INDEX|TABLE|VIRTUAL TABLE|VIEW|TRIGGER)) (?!IF NOT EXISTS)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CreateWithoutGuard();
}
