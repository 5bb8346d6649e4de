using Dapper;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Jobs;

/// <summary>The durable worker over a real SQLite file: crash recovery by lease, no double claims, failures retried.</summary>
public sealed class JobWorkerTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Worker_WhenAJobsLeaseExpired_ThenRunsItAgainToCompletion()
    {
        var userId = await _database.AddUserAsync("+351912345678");
        var interactionId = await _database.AddInteractionAsync(userId, "", TestDatabase.DefaultNow);
        var now = TestDatabase.DefaultNow.ToUnixTimeMilliseconds();
        await using (var connection = await _database.OpenReadAsync())
        {
            // What a crash leaves behind: claimed ("running"), never finished, lease already over.
            await connection.ExecuteAsync(
                """
                INSERT INTO jobs (kind, interaction_id, status, attempts, max_attempts, run_after, lease_until, created_at)
                VALUES ('process-media', @interactionId, 'running', 1, 5, @now, @expired, @now);
                INSERT INTO jobs (kind, interaction_id, status, attempts, max_attempts, run_after, lease_until, created_at)
                VALUES ('process-media', @interactionId, 'running', 1, 5, @now, @leased, @now);
                """,
                new { interactionId, now, expired = now - 1, leased = now + 600_000 });
        }

        await RunWorkerUntilAsync(async connection =>
            await connection.ExecuteScalarAsync<string>("SELECT status FROM jobs ORDER BY id LIMIT 1") == "succeeded");

        await using var check = await _database.OpenReadAsync();
        (await check.QueryAsync<(string Status, int Attempts)>("SELECT status, attempts FROM jobs ORDER BY id"))
            .Should().Equal(("succeeded", 2), ("running", 1));
    }

    [Fact]
    public async Task Worker_WhenAJobKeepsFailing_ThenRetriesWithBackoffAndGivesUpAfterMaxAttempts()
    {
        var now = TestDatabase.DefaultNow.ToUnixTimeMilliseconds();
        await using (var connection = await _database.OpenReadAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO jobs (kind, status, attempts, max_attempts, run_after, created_at) VALUES ('no-such-kind', 'pending', 0, 2, @now, @now)", new { now });
        }

        await RunWorkerUntilAsync(async connection =>
        {
            _database.Clock.Advance(Duration.FromSeconds(10)); // past each backoff, well within the 5-minute lease
            return await connection.ExecuteScalarAsync<string>("SELECT status FROM jobs") == "failed";
        });

        await using var check = await _database.OpenReadAsync();
        var (attempts, error) = await check.QuerySingleAsync<(int, string)>("SELECT attempts, last_error FROM jobs");
        attempts.Should().Be(2);
        error.Should().Contain("Unknown job kind");
    }

    private async Task RunWorkerUntilAsync(Func<System.Data.Common.DbConnection, Task<bool>> done)
    {
        var worker = _database.Services.GetServices<IHostedService>().OfType<JobWorker>().Single();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                await using var connection = await _database.OpenReadAsync();
                if (await done(connection))
                    return;
                await Task.Delay(100);
            }

            throw new TimeoutException("The worker did not reach the expected state in 30 s.");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
