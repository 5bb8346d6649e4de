using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.Reminders;

public enum ReminderStatus { Active, Done, Cancelled }

/// <summary>
/// "remind me tomorrow at 9 to call mom": what to say, when next, and (for "every Monday at 8") the rule that
/// gives the following time. It is also a memory, so it stays traceable to the message that asked for it.
/// </summary>
public sealed class Reminder
{
    public const int MaxWhatLength = 500;

    private Reminder() { What = ""; }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public User? User { get; private set; }
    public long InteractionId { get; private set; }
    public Interaction? Interaction { get; private set; }
    public long? MemoryId { get; private set; }
    public Memory? Memory { get; private set; }
    public string What { get; private set; }

    /// <summary>5-field cron read in the user's zone ("0 8 * * 1"); null for a one-off.</summary>
    public string? Cron { get; private set; }

    /// <summary>When it fires next; null once done or cancelled.</summary>
    public Instant? NextDueAt { get; private set; }

    public ReminderStatus Status { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant? CancelledAt { get; private set; }
    public Instant? LastSentAt { get; private set; }
    public int SentCount { get; private set; }

    public bool IsRecurring => Cron is not null;

    public static Reminder Schedule(User user, Interaction source, Memory memory, string what, Instant firstDueAt, string? cron, Instant now)
    {
        var text = what?.Trim() ?? "";
        if (text.Length == 0)
            throw new DomainException("A reminder needs something to remind.");
        if (text.Length > MaxWhatLength)
            throw new DomainException($"A reminder holds at most {MaxWhatLength} characters.");
        if (firstDueAt <= now)
            throw new DomainException("A reminder must be due in the future.");
        return new Reminder
        {
            User = user, Interaction = source, Memory = memory, What = text, Cron = string.IsNullOrWhiteSpace(cron) ? null : cron.Trim(),
            NextDueAt = firstDueAt, Status = ReminderStatus.Active, CreatedAt = now,
        };
    }

    /// <summary>The delivery for <paramref name="dueAt"/> is still wanted (not cancelled, not already moved on).</summary>
    public bool IsDueAt(Instant dueAt) => Status == ReminderStatus.Active && NextDueAt == dueAt;

    /// <summary>The occurrence was handed to the sender; a recurring reminder moves to <paramref name="next"/>.</summary>
    public void Fired(Instant now, Instant? next)
    {
        SentCount++;
        LastSentAt = now;
        if (next is { } following && IsRecurring)
        {
            NextDueAt = following;
        }
        else
        {
            NextDueAt = null;
            Status = ReminderStatus.Done;
        }
    }

    /// <summary>The user moved to another zone: a recurring reminder's next local time is another instant.</summary>
    public void Reschedule(Instant nextDueAt)
    {
        if (Status != ReminderStatus.Active || !IsRecurring)
            throw new DomainException("Only an active recurring reminder follows the user's zone.");
        NextDueAt = nextDueAt;
    }

    public void Cancel(Instant now)
    {
        if (Status != ReminderStatus.Active)
            throw new DomainException("Only an active reminder can be cancelled.");
        Status = ReminderStatus.Cancelled;
        NextDueAt = null;
        CancelledAt = now;
    }
}
