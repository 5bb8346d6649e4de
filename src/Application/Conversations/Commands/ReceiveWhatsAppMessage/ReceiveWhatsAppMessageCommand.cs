using System.Text.Json;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Interactions;
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
    IReadOnlyDictionary<string, string> Payload) : ICommand<WhatsAppReply>;

public sealed record InboundMedia(string Url, string? ContentType);

/// <param name="IsDuplicate">True when the message was delivered before: the reply is the one given then.</param>
public sealed record WhatsAppReply(string Text, bool IsDuplicate);

/// <summary>
/// Records the message, decides what it is (a note, a question, a command), answers it, and stores the
/// answer on the interaction. Runs in one transaction (TransactionBehaviour) that takes SQLite's write lock
/// first, so of several concurrent deliveries of one MessageSid exactly one does the work.
/// </summary>
public sealed class ReceiveWhatsAppMessageCommandHandler(
    IApplicationDbContext db,
    UserDirectory users,
    MemoryWriter writer,
    IReadDbConnectionFactory connections,
    IMemoryLayer memoryLayer,
    IClock clock,
    ILogger<ReceiveWhatsAppMessageCommandHandler> logger) : IRequestHandler<ReceiveWhatsAppMessageCommand, WhatsAppReply>
{
    private const string ReceivedSavepoint = "received";
    private const int RecallLimit = 5;

    public async Task<WhatsAppReply> Handle(ReceiveWhatsAppMessageCommand request, CancellationToken cancellationToken)
    {
        var sid = Domain.Interactions.MessageSid.Parse(request.MessageSid);
        var previous = await db.Interactions.FirstOrDefaultAsync(i => i.MessageSid == sid, cancellationToken);
        if (previous is not null)
        {
            previous.AbsorbDuplicateDelivery();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Duplicate delivery of {MessageSid} absorbed ({Count} so far)", sid, previous.DuplicateDeliveries);
            return new WhatsAppReply(previous.Reply ?? "", IsDuplicate: true);
        }

        var user = await users.FindOrRegisterAsync(WhatsAppNumber.Parse(request.From), request.ProfileName, request.WaId, cancellationToken);
        var now = clock.GetCurrentInstant();
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
            var reply = await AnswerAsync(user, interaction, request, now, cancellationToken);
            interaction.MarkAnswered(reply, clock.GetCurrentInstant());
            await db.SaveChangesAsync(cancellationToken);
            return new WhatsAppReply(reply, IsDuplicate: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && transaction is not null)
        {
            logger.LogError(ex, "Answering {MessageSid} failed; the message is kept as failed", sid);
            await transaction.RollbackToSavepointAsync(ReceivedSavepoint, cancellationToken);
            db.DiscardChanges();
            var kept = await db.Interactions.SingleAsync(i => i.MessageSid == sid, cancellationToken);
            kept.MarkFailed($"{ex.GetType().Name}: {ex.Message}", WhatsAppReplies.SomethingWentWrong, clock.GetCurrentInstant());
            await db.SaveChangesAsync(cancellationToken);
            return new WhatsAppReply(WhatsAppReplies.SomethingWentWrong, IsDuplicate: false);
        }
    }

    private async Task<string> AnswerAsync(User user, Interaction interaction, ReceiveWhatsAppMessageCommand request, Instant now, CancellationToken cancellationToken)
    {
        var body = (request.Body ?? "").Trim();
        if (request.Media.Count > 0)
            return await RememberAttachmentsAsync(user, interaction, request.Media, body, cancellationToken);
        if (body.Length == 0)
        {
            interaction.ClassifyAs(InteractionKind.Other);
            return WhatsAppReplies.NothingToRemember;
        }

        var message = MessageClassifier.Classify(body);
        switch (message.Intent)
        {
            case MessageIntent.Command:
                interaction.ClassifyAs(InteractionKind.Command);
                return await RunCommandAsync(user, message, now, cancellationToken);
            case MessageIntent.Recall:
                interaction.ClassifyAs(InteractionKind.Query);
                return await RecallAsync(user, message.Text, now, cancellationToken);
            default:
                interaction.ClassifyAs(InteractionKind.Text);
                if (message.Text.Length == 0)
                    return WhatsAppReplies.NothingToRemember;
                if (message.Text.Length > Memory.MaxContentLength)
                    return WhatsAppReplies.TooLong(Memory.MaxContentLength);
                var memory = await writer.RememberAsync(user, interaction, MemoryKind.Text, message.Text, interaction.ReceivedAt, tags: null, cancellationToken);
                return WhatsAppReplies.Saved(memory);
        }
    }

    /// <summary>
    /// Photos and voice notes: the attachments are recorded on the interaction; the caption, if any, is
    /// remembered now so the message is findable. Reading the media itself is the media pipeline's job.
    /// </summary>
    private async Task<string> RememberAttachmentsAsync(User user, Interaction interaction, IReadOnlyList<InboundMedia> media, string caption, CancellationToken cancellationToken)
    {
        var kind = MediaKinds.Of(media[0].ContentType);
        interaction.ClassifyAs(kind switch
        {
            MemoryKind.Image => InteractionKind.Image,
            MemoryKind.Audio => InteractionKind.Audio,
            _ => InteractionKind.Other,
        });
        if (caption.Length == 0)
            return WhatsAppReplies.AttachmentWithoutCaption(kind);
        var memory = await writer.RememberAsync(user, interaction, kind, caption[..Math.Min(caption.Length, Memory.MaxContentLength)], interaction.ReceivedAt, tags: null, cancellationToken);
        return WhatsAppReplies.Saved(memory);
    }

    private async Task<string> RecallAsync(User user, string question, Instant now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var recall = await MemoryRecall.RunAsync(connection, memoryLayer, user.Id, question, user.TimeZone, now, RecallLimit, cancellationToken);
        return WhatsAppReplies.RecallAnswer(recall, user.TimeZone, now);
    }

    private async Task<string> RunCommandAsync(User user, ClassifiedMessage message, Instant now, CancellationToken cancellationToken)
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
                if (list.Period is { } period)
                    mine = mine.Where(m => m.OccurredAt >= period.Interval.Start && m.OccurredAt < period.Interval.End);
                var newest = await mine.OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Id).Take(list.Count).ToListAsync(cancellationToken);
                var total = await mine.CountAsync(cancellationToken);
                return WhatsAppReplies.List(newest, total, list, user.TimeZone, now);
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

                return WhatsAppReplies.TimeZoneChanged(user.TimeZone, now);
            default:
                return WhatsAppReplies.UnknownCommand(message.Command ?? "");
        }
    }
}
