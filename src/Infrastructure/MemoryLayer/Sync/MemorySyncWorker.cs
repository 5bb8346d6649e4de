using MediatR;
using MemoryAssistant.Application.Memories.Commands.SyncPendingMemories;
using MemoryAssistant.Application.Memories.Layers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Sync;

/// <summary>
/// Sends memories waiting for the remote layer, one pass at a time and never two at once (so they arrive in
/// order). Wakes when a memory is committed, and polls in case a signal was lost or the process restarted with
/// memories still pending. When the layer is unavailable it backs off exponentially, honouring Retry-After.
/// </summary>
public sealed class MemorySyncWorker(IServiceScopeFactory scopes, MemorySyncSignal signal, MemorySyncOptions options, ILogger<MemorySyncWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var firstPass = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? wait;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SyncPendingMemoriesCommand(AdoptEarlierMemories: firstPass), stoppingToken);
                firstPass = false;
                if (result.StoppedBy is { } reason)
                {
                    failures++;
                    wait = Backoff(failures, result.RetryAfter);
                    logger.LogWarning("Memory sync paused for {Delay}: {Reason}", wait, reason);
                }
                else
                {
                    failures = 0;
                    wait = result.MoreWaiting ? TimeSpan.Zero : null;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A busy database or an unexpected answer: never let the worker die, and never skip a memory.
                failures++;
                wait = Backoff(failures, null);
                logger.LogError(ex, "Memory sync pass failed; retrying in {Delay}", wait);
            }

            try
            {
                if (wait is { } pause)
                {
                    if (pause > TimeSpan.Zero)
                        await Task.Delay(pause, stoppingToken);
                }
                else
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private TimeSpan Backoff(int failures, TimeSpan? retryAfter)
    {
        var exponential = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.RetryDelay.Ticks * (1L << Math.Min(failures - 1, 20))));
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }
}
