using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using NodaTime.Testing;
using Xunit.Abstractions;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// A job that runs for several leases keeps its lease: the worker renews <c>lease_until</c> while the job runs, so
/// its idle slot never takes the same job a second time. Real parts: the worker, a SQLite file, a media job whose
/// download a loopback server holds for three leases. The test clock follows real time here, so an unrenewed lease
/// really runs out. The other half — a job left running by a dead process (nobody renews) is claimed again — is
/// <see cref="JobWorkerTests.Worker_WhenAJobsLeaseExpired_ThenRunsItAgainToCompletion"/>.
/// </summary>
[Collection(LoopbackHttpTests.Name)]
public sealed class JobWorkerLeaseRenewalTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Short, but long enough that a renewal (every third of it) survives the thread-pool stalls of a busy 2-core
    // machine: stalls of 0.6–0.9 s were measured while this job starts and ends, and a 1 s lease did not survive one.
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(2);
    // Without renewals the lease would run out three times over.
    private static readonly TimeSpan s_downloadDelay = s_lease * 3;
    private static readonly byte[] s_pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n%lease renewal test\n%%EOF\n");

    private LoopbackHttpServer _media = null!;
    private TestDatabase _database = null!;
    private int _downloads;

    public async Task InitializeAsync()
    {
        _media = await LoopbackHttpServer.StartAsync(async context =>
        {
            Interlocked.Increment(ref _downloads);
            await Task.Delay(s_downloadDelay, context.RequestAborted);
            context.Response.ContentType = "application/pdf";
            await context.Response.Body.WriteAsync(s_pdf, context.RequestAborted);
        });
        _database = await TestDatabase.CreateAsync(
            settings: new Dictionary<string, string?>
            {
                ["Jobs:Lease"] = s_lease.ToString(),
                // The second slot polls every 50 ms: it would take the running job as soon as its lease is over.
                ["Jobs:Concurrency"] = "2",
                ["Jobs:PollInterval"] = "00:00:00.050",
                ["Media:AllowedHosts:0"] = _media.HostAndPort,
                // One request per run of the job: no HTTP retry may add downloads of its own.
                ["Media:MaxAttempts"] = "1",
                ["Media:Timeout"] = "00:00:20",
            },
            isDevelopment: true);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _media.DisposeAsync();
    }

    [Fact]
    public async Task Worker_WhenAJobRunsLongerThanItsLease_ThenRenewsTheLeaseAndRunsTheJobExactlyOnce()
    {
        var interactionId = await AddMediaMessageAsync(_media.Url("/2010-04-01/Media/ME0001"));
        var start = _database.Clock.GetCurrentInstant().ToUnixTimeMilliseconds();
        await using (var connection = await _database.OpenReadAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO jobs (kind, interaction_id, status, attempts, max_attempts, run_after, created_at)
                VALUES ('process-media', @interactionId, 'pending', 0, 5, @start, @start)
                """,
                new { interactionId, start });
        }

        var leases = new List<(long Now, long LeaseUntil)>();
        var elapsed = await RunWorkerUntilAsync(async connection =>
        {
            var now = _database.Clock.GetCurrentInstant().ToUnixTimeMilliseconds();
            var job = await connection.QuerySingleAsync<(string Status, long? LeaseUntil)>("SELECT status, lease_until FROM jobs");
            if (job is { Status: "running", LeaseUntil: { } leaseUntil })
                leases.Add((now, leaseUntil));
            return job.Status == "succeeded";
        });

        var seen = leases.Select(l => l.LeaseUntil).Distinct().ToList();
        output.WriteLine($"Ran {elapsed.TotalSeconds:F1} s under a {s_lease.TotalSeconds:F0} s lease; {_downloads} download(s); lease_until seen at "
            + string.Join(", ", seen.Select(l => $"+{l - start} ms")));

        await using var check = await _database.OpenReadAsync();
        var (attempts, completedAt) = await check.QuerySingleAsync<(int, long)>("SELECT attempts, completed_at FROM jobs");
        attempts.Should().Be(1, "the job was claimed once");
        _downloads.Should().Be(1, "the job ran once: a second claim would have downloaded the media again");
        (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM media_assets")).Should().Be(1);
        (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM memories WHERE interaction_id = @interactionId", new { interactionId })).Should().Be(1);

        // The lease moved forward while the job ran, and was always ahead of the clock.
        seen.Should().HaveCountGreaterThanOrEqualTo(3, "the lease is renewed every third of a lease over three leases");
        seen.Should().BeInAscendingOrder();
        leases.Should().OnlyContain(l => l.LeaseUntil > l.Now, "a running job's lease never runs out");
        // And the job really outlived the lease it was first seen under, by a whole lease at least.
        (completedAt - seen[0]).Should().BeGreaterThanOrEqualTo((long)s_lease.TotalMilliseconds);
    }

    private async Task<long> AddMediaMessageAsync(Uri mediaUrl)
    {
        var userId = await _database.AddUserAsync("+351912345678");
        await using var scope = _database.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        var interaction = Interaction.ReceiveWhatsApp(user, TestDatabase.NextSid(), "", "{}", _database.Clock.GetCurrentInstant());
        interaction.AttachMedia(0, mediaUrl.AbsoluteUri, "application/pdf");
        interaction.MarkProcessing(); // the webhook waits for the result
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync();
        return interaction.Id;
    }

    /// <summary>Runs the worker, with the test clock following real time, until <paramref name="done"/> holds; returns how long it took.</summary>
    private async Task<TimeSpan> RunWorkerUntilAsync(Func<DbConnection, Task<bool>> done)
    {
        var worker = _database.Services.GetServices<IHostedService>().OfType<JobWorker>().Single();
        var realTime = Stopwatch.StartNew();
        using var clock = new ClockFollowingRealTime(_database.Clock);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            while (realTime.Elapsed < TimeSpan.FromSeconds(20))
            {
                await using var connection = await _database.OpenReadAsync();
                if (await done(connection))
                    return realTime.Elapsed;
                await Task.Delay(50);
            }

            throw new TimeoutException("The worker did not reach the expected state in 20 s.");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Moves a <see cref="FakeClock"/> with real time, from a thread of its own: the worker compares leases with the
    /// clock, and a clock moved by the test's own (thread-pool) loop would jump forward after a stall of that loop.
    /// </summary>
    private sealed class ClockFollowingRealTime : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stopped;

        public ClockFollowingRealTime(FakeClock clock)
        {
            var realTime = Stopwatch.StartNew();
            _thread = new Thread(() =>
            {
                var moved = TimeSpan.Zero;
                while (!_stopped)
                {
                    var elapsed = realTime.Elapsed;
                    clock.Advance(Duration.FromTimeSpan(elapsed - moved));
                    moved = elapsed;
                    Thread.Sleep(5);
                }
            }) { IsBackground = true, Name = "Test clock" };
            _thread.Start();
        }

        public void Dispose()
        {
            _stopped = true;
            _thread.Join();
        }
    }
}
