using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>
/// <c>db/schema.sql</c>: the schema the migrations build, as one script that is safe to run again.
/// EF Core refuses <c>--idempotent</c> for SQLite, and a chain of migrations holds ALTER TABLE steps that
/// cannot be re-run; so the script is the model's CREATE script (IF NOT EXISTS everywhere), plus the
/// objects migrations create in raw SQL, plus every migration marked as applied. A test builds a
/// database from it and checks it equals, column for column, what the migrations build.
/// See docs/decisions/0005-schema-script-for-sqlite.md.
/// </summary>
public static partial class SchemaScript
{
    public const string Header = """
        -- MemoryAssistant database schema (SQLite). GENERATED from the EF Core model and migrations: do not edit.
        -- Regenerate with `make schema`; a test fails when this file and the migrations disagree.
        -- Safe to run on an empty or an up-to-date database: `sqlite3 data/memoryassistant.db < db/schema.sql`.
        -- Times are INTEGER Unix epoch milliseconds (UTC); enums are lower-case words.

        """;

    public static string Generate(DbContext db)
    {
        var history = db.GetService<IHistoryRepository>();
        var script = new StringBuilder(Header);
        script.Append("BEGIN TRANSACTION;\n\n");
        script.Append(MakeRerunnable(db.Database.GenerateCreateScript()).Trim()).Append("\n\n");
        foreach (var sql in SqlObjects.All)
            script.Append(MakeRerunnable(sql).Trim()).Append("\n\n");
        script.Append(history.GetCreateIfNotExistsScript().Trim()).Append("\n\n");
        foreach (var migration in db.Database.GetMigrations())
        {
            var insert = history.GetInsertScript(new HistoryRow(migration, ProductInfo.GetVersion()));
            script.Append(insert.Replace("INSERT INTO", "INSERT OR IGNORE INTO", StringComparison.Ordinal).Trim()).Append('\n');
        }

        script.Append("\nCOMMIT;\n");
        return BlankLines().Replace(script.ToString().ReplaceLineEndings("\n"), "\n\n");
    }

    internal static string MakeRerunnable(string sql) =>
        CreateWithoutGuard().Replace(sql, m => $"{m.Groups[1].Value} IF NOT EXISTS ");

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^(CREATE (?:UNIQUE INDEX|INDEX|TABLE|VIRTUAL TABLE|VIEW|TRIGGER)) (?!IF NOT EXISTS)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CreateWithoutGuard();
}
