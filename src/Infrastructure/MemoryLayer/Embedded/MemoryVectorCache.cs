using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary>
/// Each user's memory vectors in memory, loaded from <c>memory_vectors</c> on first search and kept current
/// as memories are indexed, so a search is one pass of dot products instead of a table read. Rows of
/// rolled-back or deleted memories may linger here; recall re-reads every hit from the database, so they
/// are never shown.
/// </summary>
public sealed class MemoryVectorCache(IReadDbConnectionFactory connections)
{
    private readonly ConcurrentDictionary<long, Lazy<Task<UserVectors>>> _users = new();

    public sealed record Entry(long MemoryId, long OccurredAtMs, float[] Vector);

    public async Task<IReadOnlyList<Entry>> ForUserAsync(long userId, string model, CancellationToken cancellationToken)
    {
        var lazy = _users.GetOrAdd(userId, id => new Lazy<Task<UserVectors>>(() => LoadAsync(id, model)));
        var vectors = await lazy.Value.WaitAsync(cancellationToken);
        if (vectors.Model != model)
        {
            _users.TryRemove(userId, out _);
            return await ForUserAsync(userId, model, cancellationToken);
        }

        return vectors.Snapshot();
    }

    /// <summary>Every user's vectors (an operator's search across users): read directly, not cached.</summary>
    public async Task<IReadOnlyList<Entry>> AllAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long MemoryId, long OccurredAt, byte[] Vector)>(
                "SELECT v.memory_id, m.occurred_at, v.vector FROM memory_vectors v JOIN memories m ON m.id = v.memory_id WHERE v.model = @model",
                new { model }))
            .Select(r => new Entry(r.MemoryId, r.OccurredAt, FromBlob(r.Vector)))
            .ToList();
    }

    /// <summary>A memory was (re-)indexed and committed.</summary>
    public void Upsert(long userId, string model, Entry entry)
    {
        if (_users.TryGetValue(userId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result.Model == model)
            lazy.Value.Result.Upsert(entry);
    }

    public void Forget(long userId) => _users.TryRemove(userId, out _);

    public static byte[] ToBlob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    public static float[] FromBlob(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();

    private async Task<UserVectors> LoadAsync(long userId, string model)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(long MemoryId, long OccurredAt, byte[] Vector)>(
            "SELECT v.memory_id, m.occurred_at, v.vector FROM memory_vectors v JOIN memories m ON m.id = v.memory_id WHERE v.user_id = @userId AND v.model = @model",
            new { userId, model });
        return new UserVectors(model, rows.Select(r => new Entry(r.MemoryId, r.OccurredAt, FromBlob(r.Vector))));
    }

    private sealed class UserVectors(string model, IEnumerable<Entry> entries)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<long, Entry> _byId = entries.ToDictionary(e => e.MemoryId);
        private Entry[]? _snapshot;

        public string Model { get; } = model;

        public void Upsert(Entry entry)
        {
            lock (_gate)
            {
                _byId[entry.MemoryId] = entry;
                _snapshot = null;
            }
        }

        public Entry[] Snapshot()
        {
            lock (_gate)
                return _snapshot ??= _byId.Values.ToArray();
        }
    }
}
