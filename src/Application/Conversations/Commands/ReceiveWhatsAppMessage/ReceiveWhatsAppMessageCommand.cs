using System.Text.Json;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Conversations.Commands.SaveNotes;
using MemoryAssistant.Application.Media;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.Application.Moods;
using MemoryAssistant.Application.Places;
using MemoryAssistant.Application.Reminders;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Conversations;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>One inbound WhatsApp message, as Twilio posted it to the webhook.</summary>
/// <param name="Payload">Every form field as received, kept verbatim on the interaction.</param>
public sealed record ReceiveWhatsAppMessageCommand(
    string MessageSid,
    string From,
    string? Body,
    string? ProfileName,
    string? WaId,
    IReadOnlyList<InboundMedia> Media,
    IReadOnlyDictionary<string, string> Payload,
    InboundLocation? Location = null) : ICommand<WhatsAppReply>, IManagesOwnTransaction;

public sealed record InboundMedia(string Url, string? ContentType);

/// <summary>A shared WhatsApp location: coordinates, and the place's name and address when one was picked.</summary>
public sealed record InboundLocation(double Latitude, double Longitude, string? Label, string? Address)
{
    public string Describe() =>
        string.Join(" — ", new[] { Label, Address }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim())
            .Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Latitude:F5}, {Longitude:F5}")));
}

/// <param name="IsDuplicate">True when the message was delivered before: the reply is the one given then.</param>
/// <param name="MediaUrls">Media to send back with the reply (a photo the user asked to see).</param>
public sealed record WhatsAppReply(string Text, bool IsDuplicate, long InteractionId, IReadOnlyList<Uri>? MediaUrls = null)
{
    /// <summary>The message that confirmed an erasure, delivered again: its interaction is gone with the user.</summary>
    public static readonly WhatsAppReply AfterErasure = new("Your data was erased.", IsDuplicate: true, InteractionId: 0);

    /// <summary>A message delivered again: counted on its first interaction and answered with the reply given then.</summary>
    public static WhatsAppReply Redelivery(Interaction first)
    {
        first.AbsorbDuplicateDelivery();
        return new WhatsAppReply(first.Reply ?? WhatsAppReplies.MediaAcknowledged, IsDuplicate: true, first.Id);
    }
}

/// <summary>
/// Records the message, decides what it is (a note, a question, a command), answers it, and stores the
/// answer on the interaction, in one transaction that takes SQLite's write lock first, so of several
/// concurrent deliveries of one MessageSid exactly one does the work. Photos and voice notes become a
/// durable job; after the commit the webhook waits a short budget for it, then answers with the result
/// or an acknowledgement (the result then follows as an outbound message).
/// </summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler(
    IApplicationDbContext db,
    UserDirectory users,
    MemoryWriter writer,
    MemoryEraser eraser,
    IConversationModel conversationModel,
    IGazetteer gazetteer,
    PlaceResolver placeResolver,
    IExportLinkSigner exportLinks,
    IMediator mediator,
    IReadDbConnectionFactory connections,
    MemorySearch search,
    IJobSignals signals,
    IMediaUrlSigner urlSigner,
    NoteBatcher notes,
    MediaPipelineOptions mediaOptions,
    IClock clock,
    ILogger<ReceiveWhatsAppMessageCommandHandler> logger) : IRequestHandler<ReceiveWhatsAppMessageCommand, WhatsAppReply>
{
    private const string ReceivedSavepoint = "received";
    /// <summary>Results shown per answer; "more" shows the next ones.</summary>
    private const int PageSize = 5;

    public async Task<WhatsAppReply> Handle(ReceiveWhatsAppMessageCommand request, CancellationToken cancellationToken)
    {
        WhatsAppReply reply;
        IInteractionWatch? watch;
        var now = clock.GetCurrentInstant();
        // A question is answered before the write transaction: a slow memory layer (Mem0) must not hold
        // SQLite's write lock. Recall reads committed rows only, inside the transaction or not.
        // With a chat model, the message is first read by it (also outside the lock) and restated in the
        // words the rules understand; without one, or when it fails, the rules read the user's own words.
        var body = await UnderstandAsync(request, cancellationToken) ?? (request.Body ?? "").Trim();
        // A plain note from a known user is saved with the others arriving at the same time (group commit).
        if (await PlainNoteAsync(request, body, now, cancellationToken) is { } note && await notes.SaveAsync(note) is { } saved)
            return saved;
        var earlyAnswer = await AnswerQuestionEarlyAsync(request, body, now, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            (reply, watch) = await RecordAndAnswerAsync(request, body, now, earlyAnswer, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (watch is null)
            return reply;
        using (watch)
        {
            signals.WorkQueued();
            return await AwaitMediaAsync(watch, reply.InteractionId, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for the media job within the budget. Whoever flips the status first decides who tells the
    /// user: the job (its result becomes this reply) or the webhook (an acknowledgement now, the result later).
    /// </summary>
    private async Task<WhatsAppReply> AwaitMediaAsync(IInteractionWatch watch, long interactionId, CancellationToken cancellationToken)
    {
        if (!await watch.WaitAsync(mediaOptions.ReplyBudget, cancellationToken))
        {
            var acknowledged = await db.Interactions
                .Where(i => i.Id == interactionId && i.Status == InteractionStatus.Processing)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Status, InteractionStatus.Acknowledged)
                    .SetProperty(i => i.Reply, WhatsAppReplies.MediaAcknowledged), cancellationToken);
            if (acknowledged == 1)
                return new WhatsAppReply(WhatsAppReplies.MediaAcknowledged, IsDuplicate: false, interactionId);
        }

        var settled = await db.Interactions.AsNoTracking().Where(i => i.Id == interactionId).Select(i => i.Reply).SingleAsync(cancellationToken);
        return new WhatsAppReply(settled ?? WhatsAppReplies.MediaAcknowledged, IsDuplicate: false, interactionId);
    }

    private async Task<(WhatsAppReply Reply, IInteractionWatch? Watch)> RecordAndAnswerAsync(
        ReceiveWhatsAppMessageCommand request, string body, Instant now, Answer? earlyAnswer, CancellationToken cancellationToken)
    {
        var sid = Domain.Interactions.MessageSid.Parse(request.MessageSid);
        var previous = await db.Interactions.FirstOrDefaultAsync(i => i.MessageSid == sid, cancellationToken);
        if (previous is not null)
        {
            var again = WhatsAppReply.Redelivery(previous);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Duplicate delivery of {MessageSid} absorbed ({Count} so far)", sid, previous.DuplicateDeliveries);
            return (again, null);
        }

        // The message that confirmed an erasure, delivered again: its interaction is gone with the user; create nothing.
        if (await db.UserErasures.AnyAsync(e => e.ConfirmingMessageSid == request.MessageSid, cancellationToken))
            return (WhatsAppReply.AfterErasure, null);

        var user = await users.FindOrRegisterAsync(WhatsAppNumber.Parse(request.From), request.ProfileName, request.WaId, cancellationToken);
        var firstMessage = !await db.Interactions.AnyAsync(i => i.UserId == user.Id, cancellationToken);
        var interaction = Interaction.ReceiveWhatsApp(user, sid, request.Body ?? "", JsonSerializer.Serialize(request.Payload), now);
        for (var i = 0; i < request.Media.Count; i++)
            interaction.AttachMedia(i, request.Media[i].Url, request.Media[i].ContentType);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);

        // The message itself is safe from here on: if answering fails, it stays recorded as failed.
        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null)
            await transaction.CreateSavepointAsync(ReceivedSavepoint, cancellationToken);
        try
        {
            var answer = await AnswerAsync(user, interaction, request, body, now, earlyAnswer, cancellationToken);
            if (answer is null)
            {
                // Media queued: listen for the job before it can possibly run (it starts after the commit).
                return (new WhatsAppReply("", IsDuplicate: false, interaction.Id), signals.Watch(interaction.Id));
            }

            if (answer.Erased)
                return (new WhatsAppReply(answer.Text, IsDuplicate: false, interaction.Id), null);
            if (answer.UpdateThread is { } update)
                update(await ThreadOfAsync(user, now, cancellationToken), now);
            if (firstMessage)
                answer = answer with { Text = WhatsAppReplies.WithWelcome(answer.Text) };
            interaction.MarkAnswered(answer.Text, clock.GetCurrentInstant());
            await db.SaveChangesAsync(cancellationToken);
            return (new WhatsAppReply(answer.Text, IsDuplicate: false, interaction.Id, answer.Media), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && transaction is not null)
        {
            logger.LogError(ex, "Answering {MessageSid} failed; the message is kept as failed", sid);
            await transaction.RollbackToSavepointAsync(ReceivedSavepoint, cancellationToken);
            db.DiscardChanges();
            var kept = await db.Interactions.SingleAsync(i => i.MessageSid == sid, cancellationToken);
            kept.MarkFailed($"{ex.GetType().Name}: {ex.Message}", WhatsAppReplies.SomethingWentWrong, clock.GetCurrentInstant());
            await db.SaveChangesAsync(cancellationToken);
            return (new WhatsAppReply(WhatsAppReplies.SomethingWentWrong, IsDuplicate: false, kept.Id), null);
        }
    }

    /// <returns>The reply, or null when the message's media was queued for the job worker.</returns>
    private async Task<Answer?> AnswerAsync(
        User user, Interaction interaction, ReceiveWhatsAppMessageCommand request, string body, Instant now, Answer? earlyAnswer, CancellationToken cancellationToken)
    {
        // Keep AnyRuleBeforeRemembering in step with the text rules below: it decides what the note batch may take.
        if (request.Location is { } place)
            return await RememberLocationAsync(user, interaction, place, body, cancellationToken);

        if (request.Media.Count > 0)
        {
            QueueMedia(interaction, request.Media, now);
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        if (body.Length == 0)
        {
            interaction.ClassifyAs(InteractionKind.Other);
            return WhatsAppReplies.NothingToRemember;
        }

        if (ReminderParser.Parse(body, now, user.TimeZone) is { } reminder)
            return await RemindAsync(user, interaction, reminder, now, cancellationToken);
        if (CancelReminderSentence().Match(body.Trim()) is { Success: true } cancelReminder)
        {
            interaction.ClassifyAs(InteractionKind.Command);
            return await RemindersCommandAsync(user, "cancel " + cancelReminder.Groups["n"].Value, now, cancellationToken);
        }

        if (body.Trim().Equals(EraseConfirmation, StringComparison.OrdinalIgnoreCase))
            return await ConfirmEraseAsync(user, interaction, request.MessageSid, now, cancellationToken);
        if (ShareRequest().Match(body.Trim()) is { Success: true } share)
            return await ShareAsync(user, interaction, share, now, cancellationToken);
        if (ShareAnswer().Match(body.Trim()) is { Success: true } shareAnswer
            && await AnswerShareAsync(user, interaction, shareAnswer.Groups["verb"].Value.Contains("accept", StringComparison.OrdinalIgnoreCase), now, cancellationToken) is { } answered)
            return answered;

        if (PlaceNaming.TryParse(body) is { } placeName && await NamePlaceAsync(user, interaction, placeName, now, cancellationToken) is { } named)
            return named;
        if (MoodQuestion.TryParse(body, now, user.TimeZone, out var moodPeriod))
            return await MoodAsync(user, interaction, moodPeriod, now, cancellationToken);

        if (FollowUps.Detect(body, now, user.TimeZone) is { } followUp)
            return await FollowUpAsync(user, interaction, followUp, now, cancellationToken);

        var message = MessageClassifier.Classify(body);
        switch (message.Intent)
        {
            case MessageIntent.Command:
                interaction.ClassifyAs(InteractionKind.Command);
                return await RunCommandAsync(user, message, now, cancellationToken);
            case MessageIntent.Recall:
                interaction.ClassifyAs(InteractionKind.Query);
                return earlyAnswer ?? await RecallAsync(new MemoryRecall.RecallScope(user.Id, user.ExternalId), user.TimeZone, message.Text, now, cancellationToken);
            default:
                interaction.ClassifyAs(InteractionKind.Text);
                if (message.Text.Length == 0)
                    return WhatsAppReplies.NothingToRemember;
                if (message.Text.Length > Memory.MaxContentLength)
                    return WhatsAppReplies.TooLong(Memory.MaxContentLength);
                var memory = await writer.RememberAsync(user, interaction, MemoryKind.Text, message.Text, interaction.ReceivedAt, tags: null, cancellationToken, mood: _modelMood);
                return new Answer(WhatsAppReplies.Saved(memory), UpdateThread: (thread, at) => thread.Saved(memory.Id, at));
        }
    }

    /// <summary>Photos and voice notes: the attachments are recorded now, read by a durable job.</summary>
    private void QueueMedia(Interaction interaction, IReadOnlyList<InboundMedia> media, Instant now)
    {
        interaction.ClassifyAs(MediaKinds.Of(media[0].ContentType) switch
        {
            MemoryKind.Image => InteractionKind.Image,
            MemoryKind.Audio => InteractionKind.Audio,
            _ => InteractionKind.Other,
        });
        interaction.MarkProcessing();
        db.Jobs.Add(Job.ProcessMedia(interaction, now));
    }

    /// <summary>The answer to a question from a known user, computed before any write; null for anything else.</summary>
    private async Task<Answer?> AnswerQuestionEarlyAsync(ReceiveWhatsAppMessageCommand request, string body, Instant now, CancellationToken cancellationToken)
    {
        if (request.Media.Count > 0 || request.Location is not null || !WhatsAppNumber.TryParse(request.From, out var number))
            return null;
        var message = MessageClassifier.Classify(body);
        if (message.Intent != MessageIntent.Recall || ReminderParser.Parse(body, now, DateTimeZone.Utc) is not null || MoodQuestion.TryParse(body, now, DateTimeZone.Utc, out _))
            return null;

        UserLookup.KnownUser? user;
        await using (var connection = await connections.OpenAsync(cancellationToken))
            user = await UserLookup.FindByNumberAsync(connection, number);
        return user is null || FollowUps.Detect(message.Text, now, user.TimeZone) is not null
            ? null
            : await RecallAsync(new MemoryRecall.RecallScope(user.Id, user.ExternalId), user.TimeZone, message.Text, now, cancellationToken, composeWithModel: true);
    }

    /// <summary>A reply, with the photo itself when the question asks to see one ("show me my haircut photo").</summary>
    private async Task<Answer> RecallAsync(
        MemoryRecall.RecallScope scope, DateTimeZone zone, string question, Instant now, CancellationToken cancellationToken, TimePhrase? period = null,
        bool composeWithModel = false)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var recall = await MemoryRecall.RunAsync(connection, search, scope, question, zone, now, ConversationState.MaxResults, cancellationToken, period, placeResolver);
        var shown = recall with { Hits = recall.Hits.Take(PageSize).ToList() };
        var text = WhatsAppReplies.RecallAnswer(shown, zone, now) + WhatsAppReplies.MoreHint(recall.Hits.Count - shown.Hits.Count);
        // Only outside the write transaction: a chat model may take seconds.
        if (composeWithModel && conversationModel.IsAvailable && shown.Hits.Count > 0)
        {
            var grounding = shown.Hits.Select((h, i) => new GroundingMemory(i + 1, LocalTimes.Friendly(h.OccurredAt, zone, now), h.Memory.Kind, h.Memory.Content)).ToList();
            if (await conversationModel.AnswerAsync(question, grounding, zone.Id, cancellationToken) is { } composed)
                text = WhatsAppReplies.Composed(composed, text);
        }
        var ids = recall.Hits.Select(h => h.Memory.Id).ToList();
        var interval = recall.TimePhrase?.Interval;
        void Remember(ConversationState thread, Instant at) => thread.ShowResults(ids, shown.Hits.Count, question, interval?.Start, interval?.End, at);
        var photo = WantsToSee(question) ? shown.Hits.Select(h => h.Memory.Media).FirstOrDefault(m => m is not null && m.ContentType.StartsWith("image/", StringComparison.Ordinal)) : null;
        return new Answer(text, photo is null ? null : [urlSigner.Sign(photo.Id, Duration.FromTimeSpan(mediaOptions.LinkLifetime))], Remember);
    }

    private async Task<Answer> RunCommandAsync(User user, ClassifiedMessage message, Instant now, CancellationToken cancellationToken)
    {
        switch (message.Command)
        {
            case "help":
                return WhatsAppReplies.Help;
            case "list":
                if (!ListRequest.TryParse(message.Argument, now, user.TimeZone, out var list))
                    return WhatsAppReplies.ListUsage;
                // Read through this transaction: a memory saved moments ago must be listed.
                var mine = db.Memories.AsNoTracking().Where(m => m.UserId == user.Id);
                if (list.Kind is { } kind)
                    mine = mine.Where(m => m.Kind == kind);
                if (list.Tag is { } tag)
                    mine = mine.Where(m => m.Tags.Any(t => t.Tag == tag));
                if (list.Period is { } period)
                    mine = mine.Where(m => m.OccurredAt >= period.Interval.Start && m.OccurredAt < period.Interval.End);
                var newest = await mine.OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Id).Take(list.Count).ToListAsync(cancellationToken);
                var total = await mine.CountAsync(cancellationToken);
                var listed = newest.Select(m => m.Id).ToList();
                return new Answer(WhatsAppReplies.List(newest, total, list, user.TimeZone, now), UpdateThread: (thread, at) => thread.ShowResults(listed, listed.Count, null, null, null, at));
            case "tz":
                if (string.IsNullOrWhiteSpace(message.Argument))
                    return WhatsAppReplies.CurrentTimeZone(user.TimeZone, now);
                try
                {
                    user.ChangeTimeZone(message.Argument);
                }
                catch (DomainException)
                {
                    return WhatsAppReplies.UnknownTimeZone(message.Argument);
                }

                await RescheduleInNewZoneAsync(user, now, cancellationToken);
                return WhatsAppReplies.TimeZoneChanged(user.TimeZone, now);
            case "reminders" or "reminder":
                return await RemindersCommandAsync(user, message.Argument, now, cancellationToken);
            case "digest":
                return await DigestCommandAsync(user, message.Argument, now, cancellationToken);
            case "export":
                return Export(user, now);
            case "erase" or "delete-my-data":
                return await AskToEraseAsync(user, now, cancellationToken);
            default:
                return WhatsAppReplies.UnknownCommand(message.Command ?? "");
        }
    }

    private static readonly string[] s_seeingWords = ["show", "see", "photo", "photos", "picture", "pictures", "pic", "image", "selfie"];

    private static bool WantsToSee(string question) =>
        question.Split([' ', ',', '.', '?', '!'], StringSplitOptions.RemoveEmptyEntries).Any(w => s_seeingWords.Contains(w.ToLowerInvariant()));

    /// <summary>What the webhook answers: text, and media to send with it.</summary>
    /// <param name="UpdateThread">What this answer changes in the conversation (results shown, memory saved).</param>
    /// <param name="Erased">The user's data was erased with this message: nothing more is saved for it.</param>
    private sealed record Answer(string Text, IReadOnlyList<Uri>? Media = null, Action<ConversationState, Instant>? UpdateThread = null, bool Erased = false)
    {
        public static implicit operator Answer(string text) => new(text);
    }
}
