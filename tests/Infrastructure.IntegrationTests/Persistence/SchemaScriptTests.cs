using System.Text.RegularExpressions;
using Dapper;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Persistence;

public sealed partial class SchemaScriptTests
{
    // EF Core's migration lock (EF 9+): MigrateAsync creates it on any database, including one built from
    // db/schema.sql, and only ever uses it while migrating. It is not part of the model or of the schema.
    private const string EfMigrationsLockTable = "__EFMigrationsLock";

    [Fact]
    public async Task SchemaSql_WhenComparedWithGeneratedScript_ThenIdentical()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var scope = database.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        var generated = SchemaScript.Generate(context);
        var committed = await File.ReadAllTextAsync(SchemaSqlPath());

        committed.ReplaceLineEndings("\n").Should().Be(generated,
            "db/schema.sql must be what the model and migrations generate: run `make schema` and commit db/schema.sql");
    }

    [Fact]
    public async Task Model_WhenComparedWithLatestMigration_ThenNoPendingChanges()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var scope = database.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        context.Database.HasPendingModelChanges().Should().BeFalse(
            "the EF model changed since the last migration: add a migration: make migration NAME=… (it also regenerates db/schema.sql)");
    }

    [Fact]
    public async Task SchemaSql_WhenRunTwiceOnBlankDatabase_ThenSucceedsAndMatchesMigratedSchema()
    {
        var script = await File.ReadAllTextAsync(SchemaSqlPath());
        var directory = TestDatabase.CreateTempDirectory();
        try
        {
            var scriptedPath = Path.Combine(directory, "scripted.db");
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = scriptedPath }.ToString()))
            {
                await connection.OpenAsync();
                await RunScriptAsync(connection, script);
                var rerun = async () => await RunScriptAsync(connection, script);
                await rerun.Should().NotThrowAsync("db/schema.sql promises to be safe on an up-to-date database");
            }

            await using var migrated = await TestDatabase.CreateAsync();

            var scriptedObjects = await SchemaObjectsAsync(scriptedPath);
            var migratedObjects = await SchemaObjectsAsync(migrated.DatabasePath);
            scriptedObjects.Should().NotBeEmpty();
            scriptedObjects.Should().Contain(o => o.StartsWith("table memory_index on memory_index: CREATE VIRTUAL TABLE", StringComparison.Ordinal),
                "the FTS5 index is created by the migration's raw SQL");
            scriptedObjects.Should().Contain(o => o.StartsWith("trigger memories_after_delete_unindex", StringComparison.Ordinal));
            scriptedObjects.Should().Equal(migratedObjects, "db/schema.sql must build exactly what MigrateAsync builds");

            (await HistoryAsync(scriptedPath)).Should().Equal(await HistoryAsync(migrated.DatabasePath));
        }
        finally
        {
            TestDatabase.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task SchemaSql_WhenRunOnMigratedDatabase_ThenSucceedsAndChangesNothing()
    {
        var script = await File.ReadAllTextAsync(SchemaSqlPath());
        await using var database = await TestDatabase.CreateAsync();
        var before = await SchemaObjectsAsync(database.DatabasePath);

        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await RunScriptAsync(connection, script);
        }

        (await SchemaObjectsAsync(database.DatabasePath)).Should().Equal(before);
    }

    [Fact]
    public async Task MigrateAsync_WhenDatabaseWasBuiltFromSchemaSql_ThenNothingIsPendingAndItSucceeds()
    {
        var script = await File.ReadAllTextAsync(SchemaSqlPath());
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await RunScriptAsync(connection, script);
        }

        // The header of db/schema.sql invites `sqlite3 data/memoryassistant.db < db/schema.sql`; the app then starts on that file.
        await using (var scope = database.CreateScope())
        {
            var migrate = () => scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            await migrate.Should().NotThrowAsync("the app migrates at start-up and must start on a database built by db/schema.sql");
        }

        await using (var scope = database.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            (await context.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        }

        await using var read = await database.OpenReadAsync();
        (await read.ExecuteScalarAsync<string>("PRAGMA journal_mode")).Should().Be("wal");
    }

    [Fact]
    public async Task ReadConnection_WhenOpenedAfterMigrate_ThenWalForeignKeysAndBusyTimeout()
    {
        await using var database = await TestDatabase.CreateAsync();

        await using var connection = await database.OpenReadAsync();

        (await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode")).Should().Be("wal");
        (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).Should().Be(1);
        (await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout")).Should().Be(10_000);
        SqliteConnections.BusyTimeoutMs.Should().Be(10_000);
    }

    [Fact]
    public async Task WriteConnection_WhenOpenedByDbContext_ThenWalForeignKeysAndBusyTimeout()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var scope = database.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        await context.Database.OpenConnectionAsync();
        var connection = context.Database.GetDbConnection();

        (await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode")).Should().Be("wal");
        (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).Should().Be(1);
        (await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout")).Should().Be(10_000);
        await context.Database.CloseConnectionAsync();
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MemoryAssistant.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"MemoryAssistant.sln not found above {AppContext.BaseDirectory}.");
    }

    private static string SchemaSqlPath() => Path.Combine(RepositoryRoot(), "db", "schema.sql");

    // The script is run as one command text, the way `sqlite3 db < db/schema.sql` runs it: its own
    // BEGIN TRANSACTION/COMMIT make the migration atomic.
    private static async Task RunScriptAsync(SqliteConnection connection, string script)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = script;
        await command.ExecuteNonQueryAsync();
    }

    // One line per object, so a difference reads well in the failure message. Tables are described by
    // their columns (in name order), foreign keys and indexes, not by their CREATE text: a migration chain
    // appends columns with ALTER TABLE and rebuilds tables, so the same schema is spelt differently.
    private static async Task<IReadOnlyList<string>> SchemaObjectsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var rows = (await connection.QueryAsync<(string Type, string Name, string TableName, string? Sql)>(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> @lock AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'memory_index_%' ORDER BY type, name",
            new { @lock = EfMigrationsLockTable })).ToList();

        var objects = new List<string>();
        foreach (var (type, name, table, sql) in rows)
        {
            if (type == "table" && sql is not null && !sql.Contains("VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase))
            {
                var columns = await connection.QueryAsync<(string Name, string Type, long NotNull, string? Default, long Pk)>(
                    $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{name}') ORDER BY name");
                var keys = await connection.QueryAsync<(string Table, string From, string To, string OnDelete)>(
                    $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{name}') ORDER BY \"from\"");
                objects.Add($"table {name}: " + string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}{(c.NotNull == 1 ? " NOT NULL" : "")}{(c.Default is null ? "" : " DEFAULT " + c.Default)}{(c.Pk > 0 ? " PK" + c.Pk : "")}"))
                    + " | " + string.Join(", ", keys.Select(k => $"{k.From}->{k.Table}.{k.To} {k.OnDelete}")));
            }
            else if (type == "index")
            {
                var unique = await connection.ExecuteScalarAsync<long>($"SELECT \"unique\" FROM pragma_index_list('{table}') WHERE name = '{name}'");
                var columns = await connection.QueryAsync<string>($"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                objects.Add($"index {name} on {table}: {(unique == 1 ? "UNIQUE " : "")}({string.Join(", ", columns)})");
            }
            else
            {
                objects.Add($"{type} {name} on {table}: {NormaliseSql(sql)}");
            }
        }

        return objects;
    }

    private static async Task<IReadOnlyList<(string MigrationId, string ProductVersion)>> HistoryAsync(string databasePath)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return (await connection.QueryAsync<(string, string)>(
            "SELECT migration_id, product_version FROM \"__EFMigrationsHistory\" ORDER BY migration_id")).ToList();
    }

    // The script differs from the migrations only by the IF NOT EXISTS that makes it re-runnable, and by layout.
    private static string NormaliseSql(string? sql) =>
        sql is null ? "" : Whitespace().Replace(IfNotExists().Replace(sql, " "), " ").Trim();

    [GeneratedRegex(@"\s+IF\s+NOT\s+EXISTS\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IfNotExists();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
