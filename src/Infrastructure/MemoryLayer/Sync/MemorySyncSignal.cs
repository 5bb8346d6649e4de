using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Jobs;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Sync;

/// <summary>In-process wake-up for the sync worker (one process; the memories table stays the queue).</summary>
public sealed class MemorySyncSignal : IMemorySyncSignal, IDisposable
{
    private readonly WakeUpSignal _signal = new();

    public void MemoriesPending() => _signal.Signal();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
