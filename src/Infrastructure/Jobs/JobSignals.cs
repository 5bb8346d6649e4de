using System.Collections.Concurrent;
using MemoryAssistant.Application.Common.Interfaces;

namespace MemoryAssistant.Infrastructure.Jobs;

/// <summary>In-process wake-ups between the webhook and the worker (one process; the DB stays authoritative).</summary>
public sealed class JobSignals : IJobSignals, IDisposable
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _watches = new();
    private readonly SemaphoreSlim _work = new(0, int.MaxValue);

    public void WorkQueued() => _work.Release();

    /// <summary>Waits for queued work or the poll interval, whichever comes first.</summary>
    public Task<bool> WaitForWorkAsync(TimeSpan poll, CancellationToken cancellationToken) => _work.WaitAsync(poll, cancellationToken);

    public void InteractionCompleted(long interactionId)
    {
        if (_watches.TryGetValue(interactionId, out var watch))
            watch.TrySetResult();
    }

    public IInteractionWatch Watch(long interactionId)
    {
        var completion = _watches.GetOrAdd(interactionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return new InteractionWatch(this, interactionId, completion);
    }

    public void Dispose() => _work.Dispose();

    private sealed class InteractionWatch(JobSignals owner, long interactionId, TaskCompletionSource completion) : IInteractionWatch
    {
        public async Task<bool> WaitAsync(TimeSpan budget, CancellationToken cancellationToken)
        {
            try
            {
                await completion.Task.WaitAsync(budget, cancellationToken);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        public void Dispose() => owner._watches.TryRemove(new KeyValuePair<long, TaskCompletionSource>(interactionId, completion));
    }
}
