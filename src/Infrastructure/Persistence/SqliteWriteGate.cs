using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>
/// The queue this process's writers join before they take SQLite's write lock: one writer at a time per
/// database file, first come first served, waiting asynchronously. Without it, concurrent writers meet only
/// at SQLite's busy handler, which blocks a thread and polls with growing sleeps (up to 100 ms), so the
/// lock sits idle while waiters sleep and the slowest waiters starve. Another process writing to the same
/// file is still handled by <c>busy_timeout</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A gate lives as long as the process; the semaphore never creates a wait handle.")]
public sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> s_gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _turn = new(1, 1);

    private SqliteWriteGate(TimeSpan timeout) => Timeout = timeout;

    /// <summary>How long a writer waits for its turn: the same budget as SQLite's busy timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The gate of one database file, shared by every context of this process that writes to it.</summary>
    public static SqliteWriteGate For(string databasePath) =>
        s_gates.GetOrAdd(Path.GetFullPath(databasePath), _ => new SqliteWriteGate(TimeSpan.FromMilliseconds(SqliteConnections.BusyTimeoutMs)));

    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        if (!await _turn.WaitAsync(Timeout, cancellationToken))
            throw Busy();
    }

    public void Enter()
    {
        if (!_turn.Wait(Timeout))
            throw Busy();
    }

    public void Exit() => _turn.Release();

    /// <summary>The same error SQLite gives past its busy timeout, so callers (a 503, a job retried) treat both alike.</summary>
    private SqliteException Busy() =>
        new($"database is locked: no turn to write within {Timeout.TotalSeconds:F0} s (other writers of this process were ahead)", 5);
}

/// <summary>
/// Takes the context's turn at the <see cref="SqliteWriteGate"/> when EF begins a transaction (explicit, or
/// the one SaveChanges makes) and gives it back when the transaction ends. A transaction disposed without
/// a commit or rollback (an exception) gives it back when EF closes the connection, or with the context.
/// </summary>
public sealed class SqliteWriteGateInterceptor(SqliteWriteGate gate) : DbTransactionInterceptor, IDbConnectionInterceptor
{
    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ApplicationDbContext context)
            await context.TakeWriteTurnAsync(gate, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (eventData.Context is ApplicationDbContext context)
            context.TakeWriteTurn(gate);
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => GiveBack(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveBack(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => GiveBack(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveBack(eventData.Context);
        return Task.CompletedTask;
    }

    // A failed BEGIN leaves no transaction; a failed commit is followed by the transaction's disposal (below).
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => GiveBackIfNoTransaction(eventData.Context);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveBackIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => GiveBackIfNoTransaction(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        GiveBackIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    private static void GiveBack(DbContext? context) => (context as ApplicationDbContext)?.GiveBackWriteTurn();

    private static void GiveBackIfNoTransaction(DbContext? context)
    {
        if (context is ApplicationDbContext { Database.CurrentTransaction: null } application)
            application.GiveBackWriteTurn();
    }
}
