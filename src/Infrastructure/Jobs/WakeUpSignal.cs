namespace MemoryAssistant.Infrastructure.Jobs;

/// <summary>
/// One pending wake-up for a background worker that drains a queue kept in the database: signals sent before
/// the worker wakes count as one, since a pass takes everything that waits. A lost signal costs a poll interval.
/// </summary>
public sealed class WakeUpSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Signal()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>True when signalled within <paramref name="timeout"/>.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _pending.Dispose();
}
