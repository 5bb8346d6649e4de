using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Conversations;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.SaveNotes;

/// <summary>
/// A WhatsApp message already known to be a plain note from a known user (no command, question, reminder,
/// share, place or follow-up: see <see cref="ReceiveWhatsAppMessageCommandHandler"/>), with everything its
/// text tells read before the write turn.
/// </summary>
/// <param name="Body">The message as received, kept on the interaction.</param>
/// <param name="Reading">The note's text with its tags and mood.</param>
/// <param name="Payload">Every form field as received (JSON), kept on the interaction.</param>
public sealed record PlainNote(
    MessageSid MessageSid, WhatsAppNumber From, string? ProfileName, string? WaId, string Body, MemoryReading Reading, string Payload, Instant ReceivedAt);

/// <summary>
/// Records and answers several plain notes in one transaction, exactly as the webhook would one by one: a
/// redelivered MessageSid gets its first reply and creates nothing, each new one an interaction, a memory
/// (tags, mood, index entry), the thread's "last saved" and the "✅ Saved" reply, with the welcome on a user's
/// first message. Look-ups and saves are made once for the whole batch, which is what makes it cheaper than
/// as many single messages (ADR 0016).
/// </summary>
/// <returns>One reply per note, in order.</returns>
public sealed record SaveNotesCommand(IReadOnlyList<PlainNote> Notes) : ICommand<IReadOnlyList<WhatsAppReply>>;

public sealed class SaveNotesCommandHandler(
    IApplicationDbContext db,
    UserDirectory users,
    MemoryWriter writer,
    IClock clock,
    ILogger<SaveNotesCommandHandler> logger) : IRequestHandler<SaveNotesCommand, IReadOnlyList<WhatsAppReply>>
{
    private sealed record Saved(int Index, User User, Interaction Interaction, Memory Memory, bool FirstMessage);

    public async Task<IReadOnlyList<WhatsAppReply>> Handle(SaveNotesCommand request, CancellationToken cancellationToken)
    {
        var notes = request.Notes;
        var sids = notes.Select(n => n.MessageSid).Distinct().ToList();
        var delivered = await db.Interactions.Where(i => i.MessageSid != null && sids.Contains(i.MessageSid))
            .ToDictionaryAsync(i => i.MessageSid!, cancellationToken);
        var sidTexts = sids.Select(s => s.Value).ToList();
        // Messages that confirmed an erasure: their interaction is gone with the user; create nothing.
        var erased = (await db.UserErasures.Where(e => sidTexts.Contains(e.ConfirmingMessageSid!)).Select(e => e.ConfirmingMessageSid!)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var numbers = notes.Select(n => n.From).Distinct().ToList();
        var known = await db.Users.Where(u => numbers.Contains(u.Number)).ToDictionaryAsync(u => u.Number, cancellationToken);
        var userIds = known.Values.Select(u => u.Id).ToList();
        var talkedBefore = (await db.Users.Where(u => userIds.Contains(u.Id) && db.Interactions.Any(i => i.UserId == u.Id))
            .Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();

        var replies = new WhatsAppReply?[notes.Count];
        var saved = new List<Saved>();
        var savedBySid = new Dictionary<MessageSid, Saved>();
        var redeliveredInBatch = new List<(int Index, Saved Twin)>();
        for (var i = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            if (delivered.TryGetValue(note.MessageSid, out var previous))
            {
                replies[i] = WhatsAppReply.Redelivery(previous);
                logger.LogInformation("Duplicate delivery of {MessageSid} absorbed ({Count} so far)", note.MessageSid, previous.DuplicateDeliveries);
                continue;
            }

            if (erased.Contains(note.MessageSid.Value))
            {
                replies[i] = WhatsAppReply.AfterErasure;
                continue;
            }

            if (savedBySid.TryGetValue(note.MessageSid, out var twin))
            {
                twin.Interaction.AbsorbDuplicateDelivery();
                redeliveredInBatch.Add((i, twin));
                continue;
            }

            if (known.TryGetValue(note.From, out var user))
            {
                user.Touch(note.ProfileName, note.WaId, clock.GetCurrentInstant());
            }
            else
            {
                // Known when the webhook looked, gone or not yet committed now: register as a single message would.
                user = await users.FindOrRegisterAsync(note.From, note.ProfileName, note.WaId, cancellationToken);
                known[note.From] = user;
            }

            var interaction = Interaction.ReceiveWhatsApp(user, note.MessageSid, note.Body, note.Payload, note.ReceivedAt);
            interaction.ClassifyAs(InteractionKind.Text);
            db.Interactions.Add(interaction);
            var memory = writer.Create(user, interaction, note.Reading, interaction.ReceivedAt);
            db.Memories.Add(memory);
            var entry = new Saved(i, user, interaction, memory, FirstMessage: talkedBefore.Add(user.Id));
            saved.Add(entry);
            savedBySid[note.MessageSid] = entry;
        }

        await db.SaveChangesAsync(cancellationToken);
        await writer.IndexAsync(saved.Select(s => s.Memory).ToList(), cancellationToken);

        var threadUserIds = saved.Select(s => s.User.Id).Distinct().ToList();
        var threads = await db.ConversationStates.Where(c => threadUserIds.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, cancellationToken);
        foreach (var entry in saved)
        {
            if (!threads.TryGetValue(entry.User.Id, out var thread))
            {
                thread = ConversationState.Start(entry.User.Id, entry.Interaction.ReceivedAt);
                db.ConversationStates.Add(thread);
                threads[entry.User.Id] = thread;
            }

            thread.Saved(entry.Memory.Id, entry.Interaction.ReceivedAt);
            var text = WhatsAppReplies.Saved(entry.Memory);
            if (entry.FirstMessage)
                text = WhatsAppReplies.WithWelcome(text);
            entry.Interaction.MarkAnswered(text, clock.GetCurrentInstant());
            replies[entry.Index] = new WhatsAppReply(text, IsDuplicate: false, entry.Interaction.Id);
        }

        foreach (var (index, twin) in redeliveredInBatch)
            replies[index] = replies[twin.Index]! with { IsDuplicate = true };

        await db.SaveChangesAsync(cancellationToken);
        return replies.Select(r => r!).ToList();
    }
}
