using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Digests;
using MemoryAssistant.Application.Reminders;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Reminders;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>Reminders ("remind me tomorrow at 9 to call mom", /reminders) and the daily digest (/digest).</summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler
{
    /// <summary>
    /// The reminder is also a memory of the message that asked for it; its first delivery is a job due at that
    /// instant, written in the same transaction, so a restart between now and then changes nothing.
    /// </summary>
    private async Task<Answer> RemindAsync(User user, Interaction interaction, ReminderParse parse, Instant now, CancellationToken cancellationToken)
    {
        interaction.ClassifyAs(InteractionKind.Command);
        if (parse.Request is not { } request)
            return WhatsAppReplies.Fit("⏰ " + parse.Problem);

        var content = $"⏰ Reminder {request.When}: {request.What}";
        var memory = await writer.RememberAsync(user, interaction, MemoryKind.Text, content, interaction.ReceivedAt, ["reminder"], cancellationToken, readMood: false);
        var reminder = Reminder.Schedule(user, interaction, memory, request.What, request.FirstDueAt, request.Cron, now);
        db.Reminders.Add(reminder);
        await db.SaveChangesAsync(cancellationToken);
        db.Jobs.Add(Job.DeliverReminder(reminder.Id, request.FirstDueAt, now));
        await db.SaveChangesAsync(cancellationToken);
        db.AfterCommit(signals.WorkQueued);
        return new Answer(
            WhatsAppReplies.Fit($"⏰ I'll remind you {request.When}: *{WhatsAppReplies.Quote(request.What)}*\n_/reminders lists them; /reminders cancel N stops one._"),
            UpdateThread: (thread, at) => thread.Saved(memory.Id, at));
    }

    /// <summary>"/reminders" lists the open ones, soonest first; "/reminders cancel 2" cancels the second of that list.</summary>
    private async Task<Answer> RemindersCommandAsync(User user, string? argument, Instant now, CancellationToken cancellationToken)
    {
        var open = await db.Reminders.Where(r => r.UserId == user.Id && r.Status == ReminderStatus.Active)
            .OrderBy(r => r.NextDueAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var zone = user.TimeZone;
        var arg = (argument ?? "").Trim().ToLowerInvariant();
        if (arg.Length == 0 || arg == "list")
        {
            if (open.Count == 0)
                return "⏰ You have no reminders. Try: _remind me tomorrow at 9 to call mom_ or _every Monday at 8 remind me to water the plants_.";
            var text = new StringBuilder($"⏰ *Your reminders* ({open.Count})\n");
            for (var i = 0; i < open.Count; i++)
            {
                var r = open[i];
                var when = r.NextDueAt is { } due ? LocalTimes.Friendly(due, zone, now) : "";
                var repeat = r.Cron is { } cron ? $" · {ReminderRecurrence.Describe(cron)}" : "";
                text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {WhatsAppReplies.Quote(r.What)} — {when}{repeat}\n");
            }

            return WhatsAppReplies.Fit(text.Append("_/reminders cancel N to stop one._").ToString());
        }

        if (CancelArgument().Match(arg) is { Success: true } cancel && int.TryParse(cancel.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            if (n < 1 || n > open.Count)
                return open.Count == 0 ? "You have no reminders to cancel." : $"There is no reminder {n}: you have {open.Count}. Send /reminders to see them.";
            var target = open[n - 1];
            target.Cancel(now);
            return WhatsAppReplies.Fit($"🛑 Cancelled: {WhatsAppReplies.Quote(target.What)}");
        }

        return "Use /reminders to list your reminders, and /reminders cancel 2 to cancel the second one.";
    }

    /// <summary>"/digest on 7:30", "/digest off", "/digest weekly friday", "/digest" (status).</summary>
    private async Task<Answer> DigestCommandAsync(User user, string? argument, Instant now, CancellationToken cancellationToken)
    {
        var words = (argument ?? "").Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var zone = user.TimeZone;
        if (words.Length == 0)
        {
            return user.DigestTime is { } at
                ? $"☀️ Your daily digest comes at {at:HH:mm} ({zone.Id}), with a weekly summary on {user.WeeklySummaryDay}s. /digest off stops it."
                : "☀️ The daily digest is off. /digest on 8:00 sends one each morning (on this day, today's reminders, yesterday's notes) plus a weekly summary on Sundays.";
        }

        switch (words[0])
        {
            case "off" or "stop":
                user.DisableDigest();
                await db.Jobs.Where(j => j.Kind == Job.SendDigestKind && j.SubjectId == user.Id && j.Status == JobStatus.Pending).ExecuteDeleteAsync(cancellationToken);
                return "☀️ Digest off. You won't get daily or weekly summaries. /digest on brings them back.";
            case "on" or "at" or "daily":
                LocalTime time = DigestSchedule.DefaultTime;
                if (words.Length > 1 && !TryReadTime(string.Join(' ', words[1..]), out time))
                    return "I couldn't read that time. Try /digest on 7:30 or /digest on 8pm.";
                return await ScheduleDigestAsync(user, time, user.WeeklySummaryDay, now, cancellationToken);
            case "weekly" when words.Length > 1 && TryReadDay(words[1], out var day):
                return await ScheduleDigestAsync(user, user.DigestTime ?? DigestSchedule.DefaultTime, day, now, cancellationToken);
            default:
                return TryReadTime(string.Join(' ', words), out var at2)
                    ? await ScheduleDigestAsync(user, at2, user.WeeklySummaryDay, now, cancellationToken)
                    : "Use /digest on 8:00, /digest weekly friday or /digest off.";
        }
    }

    private async Task<Answer> ScheduleDigestAsync(User user, LocalTime at, IsoDayOfWeek weeklyDay, Instant now, CancellationToken cancellationToken)
    {
        user.EnableDigest(at, weeklyDay);
        // One chain of digest jobs per user: a new time replaces the pending one.
        await db.Jobs.Where(j => j.Kind == Job.SendDigestKind && j.SubjectId == user.Id && j.Status == JobStatus.Pending).ExecuteDeleteAsync(cancellationToken);
        var next = DigestSchedule.Next(at, user.TimeZone, now);
        db.Jobs.Add(Job.SendDigest(user.Id, next, now));
        db.AfterCommit(signals.WorkQueued);
        return WhatsAppReplies.Fit(
            $"☀️ Daily digest on: every day at {at:HH:mm} ({user.TimeZone.Id}), first {LocalTimes.Friendly(next, user.TimeZone, now)}, and a weekly summary on {weeklyDay}s. /digest off stops it.");
    }

    /// <summary>
    /// After "/tz": "every Monday at 8" and the digest mean 08:00 in the new zone, so their next times (and the jobs
    /// due then) move. A one-off reminder keeps its instant: it was asked for a moment, not a local time.
    /// </summary>
    private async Task RescheduleInNewZoneAsync(User user, Instant now, CancellationToken cancellationToken)
    {
        var zone = user.TimeZone;
        var recurring = await db.Reminders.Where(r => r.UserId == user.Id && r.Status == ReminderStatus.Active && r.Cron != null).ToListAsync(cancellationToken);
        foreach (var reminder in recurring)
        {
            if (ReminderRecurrence.Next(reminder.Cron!, now, zone) is not { } next || next == reminder.NextDueAt)
                continue;
            reminder.Reschedule(next);
            await db.Jobs.Where(j => j.Kind == Job.DeliverReminderKind && j.SubjectId == reminder.Id && j.Status == JobStatus.Pending).ExecuteDeleteAsync(cancellationToken);
            db.Jobs.Add(Job.DeliverReminder(reminder.Id, next, now));
        }

        if (user.DigestTime is { } at)
        {
            await db.Jobs.Where(j => j.Kind == Job.SendDigestKind && j.SubjectId == user.Id && j.Status == JobStatus.Pending).ExecuteDeleteAsync(cancellationToken);
            db.Jobs.Add(Job.SendDigest(user.Id, DigestSchedule.Next(at, zone, now), now));
        }

        db.AfterCommit(signals.WorkQueued);
    }

    private static bool TryReadTime(string text, out LocalTime time)
    {
        time = default;
        var t = text.Replace(".", ":", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var pm = t.EndsWith("pm", StringComparison.Ordinal);
        var am = t.EndsWith("am", StringComparison.Ordinal);
        if (pm || am)
            t = t[..^2];
        var parts = t.Split(':');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
            return false;
        var minute = 0;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minute) || minute > 59))
            return false;
        if (pm || am)
        {
            if (hour is < 1 or > 12)
                return false;
            hour = hour % 12 + (pm ? 12 : 0);
        }

        if (hour > 23)
            return false;
        time = new LocalTime(hour, minute);
        return true;
    }

    private static bool TryReadDay(string word, out IsoDayOfWeek day)
    {
        day = IsoDayOfWeek.None;
        foreach (var candidate in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            var name = candidate.ToString().ToLowerInvariant();
            if (word == name || word == name + "s" || (word.Length >= 3 && name.StartsWith(word, StringComparison.Ordinal)))
            {
                day = candidate;
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^(cancel|stop|delete|remove) (#|number )?(?<n>\d{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex CancelArgument();

    /// <summary>"cancel reminder 2" said without the slash.</summary>
    [GeneratedRegex(@"^(cancel|stop|delete) reminder (#|number )?(?<n>\d{1,3})[.!]?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CancelReminderSentence();
}
