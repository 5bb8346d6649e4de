using System.Globalization;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Outbound;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Outbound;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Digests.Commands.SendDigest;

/// <summary>The job behind a user's daily digest: compose, queue under "digest:{user}:{date}", schedule tomorrow's, send.</summary>
public sealed record SendDigestCommand(long UserId) : ICommand<Unit>, IManagesOwnTransaction;

public sealed class SendDigestCommandHandler(
    IApplicationDbContext db, IReadDbConnectionFactory connections, OutboundDelivery delivery, IClock clock, ILogger<SendDigestCommandHandler> logger)
    : IRequestHandler<SendDigestCommand, Unit>
{
    public async Task<Unit> Handle(SendDigestCommand request, CancellationToken cancellationToken)
    {
        var keys = await QueueTodaysAsync(request.UserId, cancellationToken);
        await delivery.SendUnsentAsync(messages => messages.Where(o => keys.Contains(o.DedupeKey)), cancellationToken);
        return Unit.Value;
    }

    private async Task<List<string>> QueueTodaysAsync(long userId, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.DigestTime is not { } at)
            return []; // opted out since: the chain ends here

        var zone = user.TimeZone;
        var day = DigestSchedule.DayOf(at, zone, now);
        var stamp = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dailyKey = $"digest:{userId}:{stamp}";
        var weeklyKey = $"weekly:{userId}:{stamp}";

        // Composed from committed rows before the write transaction: reads never wait for the write lock.
        string? daily, weekly = null;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            daily = await DigestComposer.DailyAsync(connection, userId, zone, day, now);
            if (day.DayOfWeek == user.WeeklySummaryDay)
                weekly = await DigestComposer.WeeklyAsync(connection, userId, zone, day);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (key, purpose, text) in new[] { (dailyKey, OutboundPurposes.Digest, daily), (weeklyKey, OutboundPurposes.Weekly, weekly) })
        {
            if (text is not null && !await db.OutboundMessages.AnyAsync(o => o.DedupeKey == key, cancellationToken))
                db.OutboundMessages.Add(OutboundMessage.Queue(user, purpose, key, text, null, now));
        }

        var next = DigestSchedule.Next(at, zone, now);
        if (!await db.Jobs.AnyAsync(j => j.Kind == Job.SendDigestKind && j.SubjectId == userId && j.Status == JobStatus.Pending, cancellationToken))
            db.Jobs.Add(Job.SendDigest(userId, next, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Digest for user {UserId} on {Day}: daily {Daily}, weekly {Weekly}; next at {Next}",
            userId, stamp, daily is null ? "nothing to say" : "queued", weekly is null ? "none" : "queued", next);
        return [dailyKey, weeklyKey];
    }
}
