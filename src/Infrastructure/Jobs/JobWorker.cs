using MediatR;
using MemoryAssistant.Application.Digests.Commands.SendDigest;
using MemoryAssistant.Application.Media.Commands.ProcessMedia;
using MemoryAssistant.Application.Outbound.Commands.SendOutbound;
using MemoryAssistant.Application.Reminders.Commands.DeliverReminder;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Jobs;

/// <summary>
/// Runs the jobs table: claims one due job at a time atomically (a single UPDATE … RETURNING, so two
/// workers never take the same job), runs it under a lease, retries with exponential backoff, and picks
/// up jobs whose lease expired — the ones a crashed process left running. A job's run_after is also the durable
/// timer of reminders and digests: they are jobs that become due at their local time.
/// </summary>
public sealed class JobWorker(IServiceScopeFactory scopes, JobSignals signals, JobWorkerOptions options, IClock clock, ILogger<JobWorker> logger) : BackgroundService
{
    // Column names follow the snake_case convention EF applies to raw query results too.
    private sealed record ClaimedJob(long Id, string Kind, long? InteractionId, long? SubjectId, int Attempts, int MaxAttempts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.Concurrency);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                var job = await ClaimAsync(stoppingToken);
                if (job is null)
                {
                    slots.Release();
                    await signals.WaitForWorkAsync(options.PollInterval, stoppingToken);
                    continue;
                }

                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await RunAsync(job, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be busy or briefly unavailable: never let the worker die.
                logger.LogError(ex, "Job worker loop failed; retrying after the poll interval");
                await Task.Delay(options.PollInterval, CancellationToken.None);
            }
        }

        await Task.WhenAll(running);
    }

    /// <summary>
    /// Keeps a running job's lease ahead of the clock (every third of the lease), so a long job is never claimed a
    /// second time while it still runs; only a dead process stops renewing, and then its jobs are picked up again.
    /// </summary>
    private async Task RenewLeaseAsync(long jobId, CancellationToken running)
    {
        var every = TimeSpan.FromTicks(Math.Max(options.Lease.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks));
        while (!running.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, running);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                var leaseUntil = (clock.GetCurrentInstant() + Duration.FromTimeSpan(options.Lease)).ToUnixTimeMilliseconds();
                await db.Database.ExecuteSqlAsync($"UPDATE jobs SET lease_until = {leaseUntil} WHERE id = {jobId} AND status = 'running'", running);
            }
            catch (OperationCanceledException) when (running.IsCancellationRequested)
            {
                // The job ended (or the host stops): no more renewals.
            }
            catch (Exception ex)
            {
                // A busy database may skip one renewal (the lease outlasts two more); the next one tries again.
                logger.LogWarning(ex, "Renewing the lease of job {JobId} failed; trying again in {Interval}", jobId, every);
            }
        }
    }

    private async Task<ClaimedJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
        var leaseUntil = now + (long)options.Lease.TotalMilliseconds;
        var claimed = await db.Database.SqlQuery<ClaimedJob>(
            $"""
            UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = {leaseUntil}
            WHERE id = (
                SELECT id FROM jobs
                WHERE (status = 'pending' AND run_after <= {now}) OR (status = 'running' AND lease_until < {now})
                ORDER BY run_after, id LIMIT 1)
            RETURNING id, kind, interaction_id, subject_id, attempts, max_attempts
            """).ToListAsync(cancellationToken);
        return claimed.FirstOrDefault();
    }

    private async Task RunAsync(ClaimedJob job, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = RenewLeaseAsync(job.Id, running.Token);
        try
        {
            switch (job.Kind)
            {
                case Job.ProcessMediaKind when job.InteractionId is { } interactionId:
                    await scope.ServiceProvider.GetRequiredService<IMediator>()
                        .Send(new ProcessMediaCommand(interactionId, job.Attempts, job.MaxAttempts), stoppingToken);
                    break;
                case Job.DeliverReminderKind when job.SubjectId is { } reminderId:
                    await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeliverReminderCommand(reminderId), stoppingToken);
                    break;
                case Job.SendDigestKind when job.SubjectId is { } userId:
                    await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SendDigestCommand(userId), stoppingToken);
                    break;
                case Job.SendOutboundKind when job.SubjectId is { } outboundId:
                    await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SendOutboundCommand(outboundId), stoppingToken);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown job kind '{job.Kind}'.");
            }

            await running.CancelAsync();
            await heartbeat;
            var done = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
            await db.Database.ExecuteSqlAsync(
                $"UPDATE jobs SET status = 'succeeded', completed_at = {done}, lease_until = NULL, last_error = NULL WHERE id = {job.Id}", CancellationToken.None);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            await running.CancelAsync();
            await heartbeat;
            var last = job.Attempts >= job.MaxAttempts;
            var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.RetryDelay.Ticks * (1L << Math.Min(job.Attempts - 1, 20))));
            var runAfter = (clock.GetCurrentInstant() + Duration.FromTimeSpan(delay)).ToUnixTimeMilliseconds();
            var error = $"{ex.GetType().Name}: {ex.Message}";
            logger.LogWarning(ex, "Job {JobId} ({Kind}) attempt {Attempt}/{Max} failed{Outcome}", job.Id, job.Kind, job.Attempts, job.MaxAttempts,
                last ? "; giving up" : $"; retrying in {delay.TotalSeconds:F0} s");
            await db.Database.ExecuteSqlAsync(
                $"UPDATE jobs SET status = {(last ? "failed" : "pending")}, run_after = {runAfter}, lease_until = NULL, last_error = {error} WHERE id = {job.Id}",
                CancellationToken.None);
        }
    }
}
