using Dapper;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Writers of one process queue at <see cref="SqliteWriteGate"/> before SQLite's write lock: in the order they
/// came, without SQLITE_BUSY, and a writer that fails gives its turn back.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task WritersWaitingForTheLock_TakeTheirTurnsInTheOrderTheyCame()
    {
        await using var first = _database.CreateScope();
        var firstDb = first.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var firstTransaction = await firstDb.Database.BeginTransactionAsync();
        firstDb.Users.Add(NewUser(0));
        await firstDb.SaveChangesAsync();

        // Four more writers arrive one after another while the first holds the lock.
        var waiting = new List<Task>();
        for (var i = 1; i <= 4; i++)
        {
            waiting.Add(WriteOneUserAsync(i));
            await Task.Delay(80);
        }

        waiting.Should().OnlyContain(t => !t.IsCompleted, "no one writes while the first writer holds its turn");
        await firstTransaction.CommitAsync();
        await firstTransaction.DisposeAsync();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(5));

        await using var read = await _database.OpenReadAsync();
        var numbers = (await read.QueryAsync<string>("SELECT whatsapp_number FROM users ORDER BY id")).ToList();
        numbers.Should().Equal(Enumerable.Range(0, 5).Select(i => Number(i).ToString()), "each writer commits in the order it arrived");
    }

    [Fact]
    public async Task ManyConcurrentWriters_AllSucceed_WithoutBusyErrors()
    {
        var writers = Enumerable.Range(0, 48).Select(i => Task.Run(() => WriteOneUserAsync(i))).ToList();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        await using var read = await _database.OpenReadAsync();
        (await read.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users")).Should().Be(48);
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommit_GivesItsTurnBack_AndItsContextCanWriteAgain()
    {
        await using var failed = _database.CreateScope();
        var failedDb = failed.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await using (var transaction = await failedDb.Database.BeginTransactionAsync())
        {
            failedDb.Users.Add(NewUser(0));
            await failedDb.SaveChangesAsync();
            // Neither commit nor rollback: as when an exception leaves the using block.
        }

        // Another writer gets its turn well before the gate's timeout (10 s).
        await WriteOneUserAsync(1).WaitAsync(TimeSpan.FromSeconds(3));

        // And the context whose transaction was dropped writes again without waiting for itself.
        failedDb.ChangeTracker.Clear();
        failedDb.Users.Add(NewUser(2));
        await failedDb.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(3));

        await using var read = await _database.OpenReadAsync();
        var numbers = (await read.QueryAsync<string>("SELECT whatsapp_number FROM users ORDER BY id")).ToList();
        numbers.Should().Equal(Number(1).ToString(), Number(2).ToString());
    }

    private async Task WriteOneUserAsync(int i)
    {
        await using var scope = _database.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Users.Add(NewUser(i));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static WhatsAppNumber Number(int i) => WhatsAppNumber.Parse($"+3519120{i:D5}");

    private static User NewUser(int i) => User.Register(Number(i), null, null, "Europe/Lisbon", TestDatabase.DefaultNow);
}
