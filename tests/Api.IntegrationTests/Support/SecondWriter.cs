using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>
/// Another writer on the app's SQLite file, as a second process would be: it takes the write lock with
/// <c>BEGIN IMMEDIATE</c>, makes a real (no-op) write under it, and commits when released or disposed.
/// </summary>
public sealed class SecondWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private bool _released;

    private SecondWriter(SqliteConnection connection) => _connection = connection;

    public static async Task<SecondWriter> HoldLockAsync(ApiFactory app)
    {
        var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; UPDATE users SET profile_name = profile_name;";
        await command.ExecuteNonQueryAsync();
        return new SecondWriter(connection);
    }

    /// <summary>Commits and lets the app's writers in.</summary>
    public async Task ReleaseAsync()
    {
        if (_released)
            return;
        _released = true;
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "COMMIT;";
            await command.ExecuteNonQueryAsync();
        }

        await _connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();
}
