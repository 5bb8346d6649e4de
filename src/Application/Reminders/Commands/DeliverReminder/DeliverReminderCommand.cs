using System.Globalization;
using System.Text.Json;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Outbound;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Outbound;
using MemoryAssistant.Domain.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Reminders.Commands.DeliverReminder;

/// <summary>The job behind a reminder: fires the occurrence that is due, then sends it.</summary>
public sealed record DeliverReminderCommand(long ReminderId) : ICommand<Unit>, IManagesOwnTransaction;

/// <summary>
/// One transaction fires the due occurrence: it queues the message under the key "reminder:{id}:{due}", moves a
/// recurring reminder to its next time (and schedules the job for it) or closes a one-off. Only then is the
/// message sent. A crash after the commit re-runs the job, which finds the queued message and sends it; a second
/// job for the same reminder finds nothing due. So each occurrence is queued once and sent once.
/// </summary>
public sealed class DeliverReminderCommandHandler(
    IApplicationDbContext db, OutboundDelivery delivery, IClock clock, ILogger<DeliverReminderCommandHandler> logger)
    : IRequestHandler<DeliverReminderCommand, Unit>
{
    /// <summary>Later than this, the message says when it was due (the server was down, say).</summary>
    private static readonly Duration LateAfter = Duration.FromMinutes(5);

    public async Task<Unit> Handle(DeliverReminderCommand request, CancellationToken cancellationToken)
    {
        await FireDueOccurrenceAsync(request.ReminderId, cancellationToken);

        var prefix = KeyPrefix(request.ReminderId);
        await delivery.SendUnsentAsync(messages => messages.Where(o => o.DedupeKey.StartsWith(prefix)), cancellationToken);
        return Unit.Value;
    }

    private async Task FireDueOccurrenceAsync(long reminderId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var reminder = await db.Reminders.Include(r => r.User).SingleOrDefaultAsync(r => r.Id == reminderId, cancellationToken);
        if (reminder?.User is not { } user || reminder.Status != ReminderStatus.Active || reminder.NextDueAt is not { } due || due > now)
            return;

        var zone = user.TimeZone;
        var body = $"⏰ *Reminder:* {reminder.What}";
        if (now - due > LateAfter)
            body += $"\n_(due {LocalTimes.Friendly(due, zone, now)})_";
        if (reminder.IsRecurring)
            body += $"\n_{ReminderRecurrence.Describe(reminder.Cron!)} · /reminders to cancel_";
        var key = KeyPrefix(reminder.Id) + due.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        db.OutboundMessages.Add(OutboundMessage.Queue(user, OutboundPurposes.Reminder, key, body,
            JsonSerializer.Serialize(new Dictionary<string, string> { ["1"] = reminder.What }), now));

        // Occurrences missed while the server was down are not replayed one by one: the next one is after now.
        var next = reminder.Cron is { } cron ? ReminderRecurrence.Next(cron, now > due ? now : due, zone) : null;
        reminder.Fired(now, next);
        if (next is { } following
            && !await db.Jobs.AnyAsync(j => j.Kind == Job.DeliverReminderKind && j.SubjectId == reminder.Id && j.Status == JobStatus.Pending, cancellationToken))
            db.Jobs.Add(Job.DeliverReminder(reminder.Id, following, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Reminder {ReminderId} fired for {Due}; next {Next}", reminder.Id, due, next?.ToString() ?? "none");
    }

    private static string KeyPrefix(long reminderId) => string.Create(CultureInfo.InvariantCulture, $"reminder:{reminderId}:");
}
