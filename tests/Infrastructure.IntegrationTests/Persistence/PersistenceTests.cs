using System.Diagnostics;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Persistence;

public sealed class PersistenceTests : IAsyncLifetime
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintForeignKey = 787;
    private const int SqliteConstraintUnique = 2067;

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SaveChanges_WhenSecondInteractionHasSameMessageSid_ThenDbUpdateExceptionAndFirstKept()
    {
        var userId = await _database.AddUserAsync("+351912345678");
        var sid = TestDatabase.NextSid();
        var at = TestDatabase.DefaultNow;
        var firstId = await _database.AddInteractionAsync(userId, "first delivery", at, sid);

        var second = () => _database.AddInteractionAsync(userId, "second delivery", at.Plus(Duration.FromSeconds(1)), sid);

        var thrown = await second.Should().ThrowAsync<DbUpdateException>();
        thrown.Which.InnerException.Should().BeOfType<SqliteException>()
            .Which.SqliteExtendedErrorCode.Should().Be(SqliteConstraintUnique);
        await using var connection = await _database.OpenReadAsync();
        var rows = (await connection.QueryAsync<(long Id, string Body)>(
            "SELECT id, body FROM interactions WHERE message_sid = @sid", new { sid = sid.Value })).ToList();
        rows.Should().Equal((firstId, "first delivery"));
    }

    [Fact]
    public async Task SaveChanges_WhenMemoryReferencesMissingInteraction_ThenForeignKeyViolation()
    {
        var userId = await _database.AddUserAsync("+351912345678");
        var interactionId = await _database.AddInteractionAsync(userId, "soon gone", TestDatabase.DefaultNow);
        await using var scope = _database.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        var interaction = await db.Interactions.SingleAsync(i => i.Id == interactionId);
        // The interaction disappears behind the context's back (another request deleted it).
        await using (var other = await _database.OpenReadAsync())
            await other.ExecuteAsync("DELETE FROM interactions WHERE id = @interactionId", new { interactionId });

        db.Memories.Add(Memory.Remember(user, interaction, MemoryKind.Text, "orphan", TestDatabase.DefaultNow, [], TestDatabase.DefaultNow));
        var save = () => db.SaveChangesAsync();

        var thrown = await save.Should().ThrowAsync<DbUpdateException>();
        thrown.Which.InnerException.Should().BeOfType<SqliteException>()
            .Which.SqliteExtendedErrorCode.Should().Be(SqliteConstraintForeignKey);
        await using var connection = await _database.OpenReadAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories")).Should().Be(0);
    }

    [Fact]
    public async Task Insert_WhenMemoryRowReferencesMissingInteraction_ThenForeignKeyViolationOnReadConnectionToo()
    {
        var userId = await _database.AddUserAsync("+351912345678");
        await using var connection = await _database.OpenReadAsync();

        var insert = () => connection.ExecuteAsync(
            """
            INSERT INTO memories (user_id, interaction_id, kind, content, occurred_at, created_at, sync_state)
            VALUES (@userId, 424242, 'text', 'orphan', 0, 0, 'pending')
            """,
            new { userId });

        (await insert.Should().ThrowAsync<SqliteException>())
            .Which.Should().Match<SqliteException>(e => e.SqliteErrorCode == SqliteConstraint && e.SqliteExtendedErrorCode == SqliteConstraintForeignKey);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories")).Should().Be(0);
    }

    public static TheoryData<string> Instants() =>
    [
        "2026-11-20T18:30:00.123Z",
        "2026-03-29T00:59:59.999Z",
        "1969-12-31T23:59:59.999Z",
        "2099-12-31T23:59:59.001Z",
    ];

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task Instant_WhenSavedByEf_ThenRoundTripsThroughEfAndDapperToTheMillisecond(string text)
    {
        var at = NodaTime.Text.InstantPattern.ExtendedIso.Parse(text).Value;
        var userId = await _database.AddUserAsync("+351912345678");
        var interactionId = await _database.AddInteractionAsync(userId, "timed", at);

        await using (var scope = _database.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            (await db.Interactions.AsNoTracking().SingleAsync(i => i.Id == interactionId)).ReceivedAt.Should().Be(at);
            (await db.Interactions.AsNoTracking().Where(i => i.ReceivedAt == at).Select(i => i.Id).ToListAsync()).Should().Equal(interactionId);
        }

        await using var connection = await _database.OpenReadAsync();
        (await connection.QuerySingleAsync<long>("SELECT received_at FROM interactions WHERE id = @interactionId", new { interactionId }))
            .Should().Be(at.ToUnixTimeMilliseconds(), "Instants are stored as INTEGER Unix epoch milliseconds");
        (await connection.QuerySingleAsync<Instant>("SELECT received_at FROM interactions WHERE id = @interactionId", new { interactionId }))
            .Should().Be(at);
        (await connection.QueryAsync<long>("SELECT id FROM interactions WHERE received_at = @at", new { at })).Should().Equal(interactionId);
        (await connection.QueryAsync<long>("SELECT id FROM interactions WHERE received_at >= @from AND received_at < @to", new { from = at, to = at.Plus(Duration.FromMilliseconds(1)) }))
            .Should().Equal(interactionId);
        (await connection.QueryAsync<long>("SELECT id FROM interactions WHERE received_at > @at", new { at })).Should().BeEmpty();
        (await connection.QueryAsync<long>("SELECT id FROM interactions WHERE received_at < @at", new { at = at.Plus(Duration.FromMilliseconds(1)) })).Should().Equal(interactionId);
    }

    [Fact]
    public async Task Instant_WhenDapperParameterIsNullable_ThenNullAndValueBothWork()
    {
        var at = Instant.FromUtc(2026, 1, 2, 3, 4, 5).Plus(Duration.FromMilliseconds(678));
        var userId = await _database.AddUserAsync("+351912345678");
        var interactionId = await _database.AddInteractionAsync(userId, "timed", at);
        await using var connection = await _database.OpenReadAsync();
        const string sql = "SELECT id FROM interactions WHERE (@from IS NULL OR received_at >= @from)";

        (await connection.QueryAsync<long>(sql, new { from = (Instant?)null })).Should().Equal(interactionId);
        (await connection.QueryAsync<long>(sql, new { from = (Instant?)at })).Should().Equal(interactionId);
        (await connection.QueryAsync<long>(sql, new { from = (Instant?)at.Plus(Duration.FromMilliseconds(1)) })).Should().BeEmpty();
    }

    private sealed record ProcessedRow(long Id, Instant? ProcessedAt);

    [Fact]
    public async Task Dapper_WhenNullableInstantColumnIsNullInARowOrScalar_ThenNull()
    {
        var userId = await _database.AddUserAsync("+351912345678");
        var interactionId = await _database.AddInteractionAsync(userId, "not processed yet", TestDatabase.DefaultNow);
        await using var connection = await _database.OpenReadAsync();

        (await connection.ExecuteScalarAsync<Instant?>("SELECT processed_at FROM interactions WHERE id = @interactionId", new { interactionId }))
            .Should().BeNull();
        (await connection.QuerySingleAsync<ProcessedRow>("SELECT id AS Id, processed_at AS ProcessedAt FROM interactions WHERE id = @interactionId", new { interactionId }))
            .Should().Be(new ProcessedRow(interactionId, null));
        (await connection.QuerySingleAsync<(long Id, Instant? ProcessedAt)>("SELECT id, processed_at FROM interactions WHERE id = @interactionId", new { interactionId }))
            .Should().Be((interactionId, (Instant?)null));
    }

    [Fact]
    public async Task Dapper_WhenNullableInstantColumnIsReadAsSingleValue_ThenNullAndValueBothRoundTrip()
    {
        var processedAt = Instant.FromUtc(2026, 1, 2, 3, 4, 5).Plus(Duration.FromMilliseconds(678));
        var userId = await _database.AddUserAsync("+351912345678");
        var pendingId = await _database.AddInteractionAsync(userId, "not processed yet", TestDatabase.DefaultNow);
        var answeredId = await _database.AddInteractionAsync(userId, "answered", TestDatabase.DefaultNow);
        await using (var scope = _database.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            (await db.Interactions.SingleAsync(i => i.Id == answeredId)).MarkAnswered("ok", processedAt);
            await db.SaveChangesAsync();
        }

        await using var connection = await _database.OpenReadAsync();

        // interactions.processed_at is an Instant? in the model: the registered handler serves Instant? too.
        (await connection.QueryAsync<Instant?>("SELECT processed_at FROM interactions ORDER BY id"))
            .Should().Equal(null, processedAt);
    }

    [Fact]
    public async Task Enums_WhenSaved_ThenStoredAsLowerCaseWords()
    {
        var userId = await _database.AddUserAsync("+351912345678");
        var memory = await _database.RememberAsync(userId, "Parked on level 3", TestDatabase.DefaultNow, MemoryKind.Location);
        var textMemory = await _database.RememberAsync(userId, "Buy milk", TestDatabase.DefaultNow);
        await using (var scope = _database.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var interaction = await db.Interactions.SingleAsync(i => i.Id == memory.InteractionId);
            interaction.ClassifyAs(InteractionKind.Location);
            interaction.MarkAnswered("ok", TestDatabase.DefaultNow);
            await db.SaveChangesAsync();
        }

        await using var connection = await _database.OpenReadAsync();
        var interactionRow = await connection.QuerySingleAsync<(string Direction, string Channel, string Kind, string Status)>(
            "SELECT direction, channel, kind, status FROM interactions WHERE id = @id", new { id = memory.InteractionId });
        interactionRow.Should().Be(("inbound", "whatsapp", "location", "processed"));
        (await connection.QuerySingleAsync<(string Kind, string SyncState)>("SELECT kind, sync_state FROM memories WHERE id = @id", new { id = memory.Id }))
            .Should().Be(("location", "synced"));
        (await connection.QueryAsync<long>("SELECT id FROM memories WHERE kind = 'text'")).Should().Equal(textMemory.Id);
        (await connection.QueryAsync<long>("SELECT id FROM interactions WHERE kind = 'text'")).Should().Equal(textMemory.InteractionId);

        // And EF reads the words back into the enums.
        await using var readScope = _database.CreateScope();
        var reader = readScope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var reloaded = await reader.Memories.AsNoTracking().SingleAsync(m => m.Id == memory.Id);
        reloaded.Kind.Should().Be(MemoryKind.Location);
        reloaded.SyncState.Should().Be(MemorySyncState.Synced);
        (await reader.Interactions.AsNoTracking().SingleAsync(i => i.Id == memory.InteractionId)).Channel.Should().Be(InteractionChannel.WhatsApp);
    }

    [Fact]
    public async Task Transactions_WhenTwoWritersOverlap_ThenSecondWaitsForFirstAndBothCommit()
    {
        var hold = TimeSpan.FromMilliseconds(300);
        var firstHoldsLock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstLockedAt = TimeSpan.Zero;
        var secondBeganAt = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();

        var first = Task.Run(async () =>
        {
            await using var scope = _database.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Users.Add(User.Register(WhatsAppNumber.Parse("+351911111111"), "First", null, "Europe/Lisbon", TestDatabase.DefaultNow));
            await db.SaveChangesAsync();
            firstLockedAt = clock.Elapsed;
            firstHoldsLock.SetResult();
            await Task.Delay(hold);
            await transaction.CommitAsync();
        });

        var second = Task.Run(async () =>
        {
            await firstHoldsLock.Task;
            await using var scope = _database.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            secondBeganAt = clock.Elapsed;
            db.Users.Add(User.Register(WhatsAppNumber.Parse("+351922222222"), "Second", null, "Europe/Lisbon", TestDatabase.DefaultNow));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

        var both = () => Task.WhenAll(first, second);

        await both.Should().NotThrowAsync("busy_timeout makes the second writer wait instead of failing with SQLITE_BUSY");
        // Measured from when the first writer held the lock (not from its commit returning), so a busy
        // thread pool cannot make the check flaky; timers may fire a few ms early.
        (secondBeganAt - firstLockedAt).Should().BeGreaterThanOrEqualTo(hold - TimeSpan.FromMilliseconds(30),
            "the second writer's transaction can only start once the first released the write lock");
        await using var connection = await _database.OpenReadAsync();
        (await connection.QueryAsync<string>("SELECT profile_name FROM users ORDER BY id")).Should().Equal("First", "Second");
    }
}
