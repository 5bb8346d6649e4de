using MemoryAssistant.Domain.Common;
using NodaTime;

namespace MemoryAssistant.Domain.Jobs;

public enum JobStatus { Pending, Running, Succeeded, Failed }

/// <summary>
/// Durable work the webhook cannot finish in time (downloading and understanding media). Claimed by one
/// worker at a time under a lease; a job whose lease expired (the worker crashed) runs again.
/// </summary>
public sealed class Job
{
    public const string ProcessMediaKind = "process-media";

    private Job() { Kind = ""; }

    public long Id { get; private set; }
    public string Kind { get; private set; }
    public long? InteractionId { get; private set; }
    public JobStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public int MaxAttempts { get; private set; }
    public Instant RunAfter { get; private set; }
    public Instant? LeaseUntil { get; private set; }
    public string? LastError { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant? CompletedAt { get; private set; }

    public static Job ProcessMedia(Interactions.Interaction interaction, Instant now, int maxAttempts = 5)
    {
        if (maxAttempts < 1)
            throw new DomainException("A job needs at least one attempt.");
        return new Job { Kind = ProcessMediaKind, Interaction = interaction, Status = JobStatus.Pending, MaxAttempts = maxAttempts, RunAfter = now, CreatedAt = now };
    }

    public Interactions.Interaction? Interaction { get; private set; }
}
