using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Memories.Queries;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.Domain.Conversations;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>Messages that continue the conversation: they read and change the user's <see cref="ConversationState"/>.</summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler
{
    /// <summary>The user's conversation thread, started on first use (saved with the message).</summary>
    private async Task<ConversationState> ThreadOfAsync(User user, Instant now, CancellationToken cancellationToken)
    {
        var thread = await db.ConversationStates.FindAsync([user.Id], cancellationToken);
        if (thread is not null)
            return thread;
        thread = ConversationState.Start(user.Id, now);
        db.ConversationStates.Add(thread);
        return thread;
    }

    private async Task<Answer> FollowUpAsync(User user, Interaction interaction, FollowUp followUp, Instant now, CancellationToken cancellationToken)
    {
        var thread = await ThreadOfAsync(user, now, cancellationToken);
        interaction.ClassifyAs(followUp.Kind switch
        {
            FollowUpKind.More or FollowUpKind.Refer or FollowUpKind.Shift => InteractionKind.Query,
            FollowUpKind.Greeting or FollowUpKind.Thanks => InteractionKind.Other,
            _ => InteractionKind.Command,
        });

        switch (followUp.Kind)
        {
            case FollowUpKind.Greeting:
                return WhatsAppReplies.Greeting;
            case FollowUpKind.Thanks:
                return WhatsAppReplies.Thanks;
            case FollowUpKind.More:
                return await MoreAsync(user, thread, now, cancellationToken);
            case FollowUpKind.Refer:
                return await ReferAsync(user, thread, followUp, now, cancellationToken);
            case FollowUpKind.Shift:
                return await ShiftAsync(user, thread, followUp, now, cancellationToken);
            case FollowUpKind.Undo:
                return thread.TakeUndo(now) is { } saved && await eraser.ForgetAsync(user.Id, saved, cancellationToken) is { } undone
                    ? Forgot(thread, undone.Id, WhatsAppReplies.Undone(undone.Content), now)
                    : WhatsAppReplies.NothingToUndo;
            case FollowUpKind.Forget:
                if (thread.Item(followUp.Item!.Value) is not { } target
                    || await db.Memories.AsNoTracking().Where(m => m.Id == target && m.UserId == user.Id).Select(m => m.Content).FirstOrDefaultAsync(cancellationToken) is not { } content)
                    return WhatsAppReplies.NoSuchItem(followUp.Item.Value, thread.Results.Count);
                thread.AskToForget(target, now);
                return WhatsAppReplies.ConfirmForget(followUp.Item.Value, content);
            case FollowUpKind.Confirm:
                return thread.TakePendingForget(now) is { } pending && await eraser.ForgetAsync(user.Id, pending, cancellationToken) is { } forgotten
                    ? Forgot(thread, forgotten.Id, WhatsAppReplies.Forgotten(forgotten.Content), now)
                    : WhatsAppReplies.NothingToConfirm;
            case FollowUpKind.Cancel:
                return thread.TakePendingForget(now) is null ? WhatsAppReplies.NothingToConfirm : WhatsAppReplies.Kept;
            default:
                return WhatsAppReplies.NoResultsYet;
        }
    }

    private static Answer Forgot(ConversationState thread, long memoryId, string reply, Instant now)
    {
        thread.Forgot(memoryId, now);
        return reply;
    }

    private async Task<Answer> MoreAsync(User user, ConversationState thread, Instant now, CancellationToken cancellationToken)
    {
        if (thread.Results.Count == 0)
            return WhatsAppReplies.NoResultsYet;
        var (ids, first) = thread.NextPage(PageSize, now);
        if (ids.Count == 0)
            return WhatsAppReplies.NothingMore;

        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await MemoryRow.ByIdsAsync(connection, ids)).Where(r => r.UserId == user.Id).ToList();
        var remaining = thread.Results.Count - thread.Shown;
        return WhatsAppReplies.Page(rows.Select(r => (r.OccurredAt, r.Kind, r.Content)), first, remaining, user.TimeZone, now);
    }

    /// <summary>"the second one" shows item 2 in full; "show me that photo" sends the first photo of the results.</summary>
    private async Task<Answer> ReferAsync(User user, ConversationState thread, FollowUp followUp, Instant now, CancellationToken cancellationToken)
    {
        var results = thread.Results;
        if (results.Count == 0)
            return WhatsAppReplies.NoResultsYet;

        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await MemoryRow.ByIdsAsync(connection, results)).Where(r => r.UserId == user.Id).ToList();
        var index = followUp.Item is { } item
            ? item - 1
            : rows.FindIndex(r => r.ToDto().Media?.ContentType.StartsWith("image/", StringComparison.Ordinal) == true);
        if (followUp.Item is null && index < 0)
            return WhatsAppReplies.NoPhotoInResults;
        if (index < 0 || index >= rows.Count)
            return WhatsAppReplies.NoSuchItem(index + 1, rows.Count);

        var row = rows[index];
        var memory = row.ToDto();
        var text = WhatsAppReplies.Item(index + 1, row.OccurredAt, row.Kind, row.Content, user.TimeZone, now);
        var showMedia = memory.Media is { } media && (followUp.WantsPhoto || media.ContentType.StartsWith("image/", StringComparison.Ordinal));
        return new Answer(text, showMedia ? [urlSigner.Sign(memory.Media!.Id, Duration.FromTimeSpan(mediaOptions.LinkLifetime))] : null);
    }

    /// <summary>"what about last month?" asks the last question again for another period.</summary>
    private async Task<Answer> ShiftAsync(User user, ConversationState thread, FollowUp followUp, Instant now, CancellationToken cancellationToken)
    {
        if (thread.LastQuestion is not { } question)
            return WhatsAppReplies.NoQuestionToShift;

        var zone = user.TimeZone;
        TimePhrase? period;
        if (followUp.StepsBack > 0 && thread.LastFrom is { } from)
        {
            var start = from.InZone(zone).Date;
            var earlier = followUp.Period switch
            {
                "day" => start.PlusDays(-1),
                "month" => start.PlusMonths(-1),
                "year" => start.PlusYears(-1),
                _ => start.PlusWeeks(-1),
            };
            var interval = new TimeInterval(zone.AtStartOfDay(earlier).ToInstant(), from);
            var last = start.PlusDays(-1);
            var dates = earlier == last ? LocalTimes.Day(earlier) : $"{LocalTimes.Day(earlier)} – {LocalTimes.Day(last)}";
            period = new TimePhrase(interval, $"the {followUp.Period} before", $"the {followUp.Period} before ({dates})", "");
        }
        else
        {
            var phrase = followUp.StepsBack > 0 ? $"last {followUp.Period}" : followUp.Period!;
            period = TimePhraseParser.Parse(phrase, now, zone);
        }

        return await RecallAsync(new MemoryRecall.RecallScope(user.Id, user.ExternalId), zone, question, now, cancellationToken, period);
    }
}
