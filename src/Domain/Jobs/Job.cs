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
    public const string DeliverReminderKind = "deliver-reminder";
    public const string SendDigestKind = "send-digest";
    public const string SendOutboundKind = "send-outbound";

    private Job() { Kind = ""; }

    public long Id { get; private set; }
    public string Kind { get; private set; }
    public long? InteractionId { get; private set; }

    /// <summary>What the job is about when it is not an interaction: a reminder, a user (digest), an outbound message.</summary>
    public long? SubjectId { get; private set; }
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

    /// <summary>Fires reminder <paramref name="reminderId"/>'s occurrence due at <paramref name="dueAt"/>: the jobs table is the durable timer.</summary>
    public static Job DeliverReminder(long reminderId, Instant dueAt, Instant now, int maxAttempts = 8) =>
        Scheduled(DeliverReminderKind, reminderId, dueAt, now, maxAttempts);

    /// <summary>The user's next daily digest (and weekly summary), at their chosen local time.</summary>
    public static Job SendDigest(long userId, Instant dueAt, Instant now, int maxAttempts = 5) =>
        Scheduled(SendDigestKind, userId, dueAt, now, maxAttempts);

    /// <summary>Sends one queued <see cref="Outbound.OutboundMessage"/> (a share offer, for example) now.</summary>
    public static Job SendOutbound(long outboundMessageId, Instant now, int maxAttempts = 8) =>
        Scheduled(SendOutboundKind, outboundMessageId, now, now, maxAttempts);

    private static Job Scheduled(string kind, long subjectId, Instant runAfter, Instant now, int maxAttempts)
    {
        if (maxAttempts < 1)
            throw new DomainException("A job needs at least one attempt.");
        return new Job { Kind = kind, SubjectId = subjectId, Status = JobStatus.Pending, MaxAttempts = maxAttempts, RunAfter = runAfter, CreatedAt = now };
    }

    public Interactions.Interaction? Interaction { get; private set; }
}
