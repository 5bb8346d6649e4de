using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests.Mem0;

/// <summary>The whole app with Mem0 configured to point at a loopback emulator of the platform.</summary>
public sealed class Mem0App : IAsyncDisposable
{
    private Mem0App(Mem0Emulator mem0, ApiFactory app)
    {
        Mem0 = mem0;
        App = app;
    }

    public Mem0Emulator Mem0 { get; }
    public ApiFactory App { get; }

    /// <param name="settings">Overrides of the fast test timings below (e.g. "Mem0:Infer").</param>
    public static async Task<Mem0App> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var mem0 = await Mem0Emulator.StartAsync();
        mem0.EventPollsBeforeDone = 1;
        var all = new Dictionary<string, string?>
        {
            ["Mem0:ApiKey"] = Mem0Emulator.DefaultApiKey,
            ["Mem0:BaseUrl"] = mem0.BaseUrl.ToString(),
            ["Mem0:AttemptTimeout"] = "00:00:01",
            ["Mem0:SearchTimeout"] = "00:00:01.500",
            ["Mem0:RetryBaseDelay"] = "00:00:00.050",
            ["Mem0:MaxInlineRetryAfter"] = "00:00:00",
            ["Mem0:BreakDuration"] = "00:00:01",
            ["Mem0:Sync:EventPollInterval"] = "00:00:00.050",
            ["Mem0:Sync:PollInterval"] = "00:00:00.200",
            ["Mem0:Sync:RetryDelay"] = "00:00:00.200",
            ["Mem0:Sync:MaxRetryDelay"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var app = new ApiFactory(all);
        app.CreateHttpClient().Dispose();
        return new Mem0App(mem0, app);
    }

    /// <summary>Memories by sync state, read from the app's SQLite file.</summary>
    public IReadOnlyList<(long Id, string SyncState, string? LayerMemoryId, int SyncAttempts)> MemoryRows()
    {
        using var connection = new SqliteConnection($"Data Source={App.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, sync_state, layer_memory_id, sync_attempts FROM memories ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, string?, int)>();
        while (reader.Read())
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3)));
        return rows;
    }

    public string ExternalIdOf(string number)
    {
        using var connection = new SqliteConnection($"Data Source={App.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT external_id FROM users WHERE whatsapp_number = $n";
        command.Parameters.AddWithValue("$n", number);
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Waits until every memory is synced (or the deadline passes).</summary>
    public async Task<bool> AllSyncedAsync(int expected, TimeSpan? timeout = null) =>
        await Eventually.TrueAsync(() =>
        {
            var rows = MemoryRows();
            return rows.Count == expected && rows.All(r => r.SyncState == "synced");
        }, timeout ?? TimeSpan.FromSeconds(20));

    public IReadOnlyList<Mem0Request> AddRequests() =>
        Mem0.Requests.Where(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/v3/memories/add/", StringComparison.Ordinal)).ToList();

    public static JsonElement Body(Mem0Request request)
    {
        using var document = JsonDocument.Parse(request.Body);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        App.Dispose();
        await Mem0.DisposeAsync();
    }
}
