using MemoryAssistant.Application.Common.Interfaces;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Sync;

/// <summary>In-process wake-up for the sync worker (one process; the memories table stays the queue).</summary>
public sealed class MemorySyncSignal : IMemorySyncSignal, IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void MemoriesPending()
    {
        // One outstanding wake-up is enough: the worker drains everything pending when it wakes.
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _pending.Dispose();
}
