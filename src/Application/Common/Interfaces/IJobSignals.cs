namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// In-process nudges between the webhook and the job worker. The database stays the source of truth:
/// a lost signal only costs a poll interval, never a job.
/// </summary>
public interface IJobSignals
{
    /// <summary>New work was committed: wake the worker now instead of at its next poll.</summary>
    void WorkQueued();

    /// <summary>The media work of this interaction is finished (its reply is settled).</summary>
    void InteractionCompleted(long interactionId);

    /// <summary>
    /// Starts listening for <see cref="InteractionCompleted"/> before the work is queued, so a job that
    /// finishes quickly is never missed. Dispose the watch when done waiting.
    /// </summary>
    IInteractionWatch Watch(long interactionId);
}

public interface IInteractionWatch : IDisposable
{
    /// <summary>True when the interaction's work completed within <paramref name="budget"/>.</summary>
    Task<bool> WaitAsync(TimeSpan budget, CancellationToken cancellationToken);
}
