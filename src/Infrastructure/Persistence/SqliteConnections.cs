using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>How every SQLite connection of the app is opened, for EF (writes) and Dapper (reads) alike.</summary>
public static class SqliteConnections
{
    /// <summary>How long a writer waits for another writer's lock before giving up.</summary>
    public const int BusyTimeoutMs = 10_000;

    private const long MemoryMapBytes = 256L * 1024 * 1024;

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        ForeignKeys = true,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    /// <summary>
    /// Per-connection settings: busy_timeout makes a second writer wait for the lock instead of failing;
    /// NORMAL sync is safe under WAL (only an OS crash can lose the last commits), the usual trade for an
    /// app database. Memory-mapped reads (up to 256 MB of address space, not memory) spare a system call per
    /// page read: every pooled connection rereads pages another one changed, and the webhook load measured
    /// 6–10% more notes per second with it. WAL itself is a property of the file, set once by <see cref="UseWriteAheadLog"/>.
    /// </summary>
    public static void Configure(DbConnection connection) => OncePerHandle(s_configured, connection, () =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = {MemoryMapBytes};";
        command.ExecuteNonQuery();
    });

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> s_configured = new();
    private static readonly object s_done = new();

    /// <summary>
    /// Runs <paramref name="apply"/> the first time a physical connection is opened. A pooled connection keeps its
    /// sqlite3 handle, and with it its settings and functions, so applying them on every open (several statements
    /// per request) is wasted work. Not a SqliteConnection, or not open: always applied.
    /// </summary>
    internal static void OncePerHandle(ConditionalWeakTable<SQLitePCL.sqlite3, object> applied, DbConnection connection, Action apply)
    {
        var handle = (connection as SqliteConnection)?.Handle;
        if (handle is not null && applied.TryGetValue(handle, out _))
            return;
        apply();
        if (handle is not null)
            applied.AddOrUpdate(handle, s_done);
    }

    /// <summary>
    /// WAL lets readers run while one writer commits. It persists in the database file, so it is set once,
    /// by a writer (a read-only connection cannot switch it), when the database is migrated.
    /// </summary>
    public static async Task UseWriteAheadLogAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}

/// <summary>Applies <see cref="SqliteConnections.Configure"/> to EF Core's connections as they open.</summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        SqliteConnections.Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SqliteConnections.Configure(connection);
        return Task.CompletedTask;
    }
}
