using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>
/// Runs the actions queued with <see cref="ApplicationDbContext.AfterCommit"/> once their work is durable:
/// when the transaction commits, or after a save made outside any transaction. A rollback drops them.
/// </summary>
public sealed class AfterCommitInterceptor : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public static AfterCommitInterceptor Instance { get; } = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Run(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Run(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RunIfNoTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RunIfNoTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void RunIfNoTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
            Run(context);
    }

    private static void Run(DbContext? context) => (context as ApplicationDbContext)?.RunAfterCommitActions();

    private static void Drop(DbContext? context) => (context as ApplicationDbContext)?.DropAfterCommitActions();
}
