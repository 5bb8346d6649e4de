using System.Globalization;
using System.Text.RegularExpressions;
using MemoryAssistant.Application.Outbound;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Outbound;
using MemoryAssistant.Domain.Sharing;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>
/// "share 2 with +44 7700 900123": the recipient is asked (an outbound message); "accept" gives them their own copy,
/// marked with who shared it; "decline" does not. The sharer hears the answer.
/// </summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler
{
    private async Task<Answer> ShareAsync(User user, Interaction interaction, Match share, Instant now, CancellationToken cancellationToken)
    {
        interaction.ClassifyAs(InteractionKind.Command);
        var thread = await ThreadOfAsync(user, now, cancellationToken);
        var which = share.Groups["n"].Value;
        // "share 2 …" is item 2 of the last results; "share that …" the memory just saved, else the first result.
        var results = thread.Results;
        long? memoryId = int.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? thread.Item(n)
            : thread.LastSavedMemoryId ?? (results.Count > 0 ? results[0] : null);
        if (memoryId is null)
            return n > 0 ? WhatsAppReplies.NoSuchItem(n, thread.Results.Count) : "Which memory? Ask a question or /list first, then e.g. _share 2 with +44 7700 900123_.";
        var memory = await db.Memories.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memoryId && m.UserId == user.Id, cancellationToken);
        if (memory is null)
            return "That memory is gone (forgotten?). Ask again, then share by its number.";

        var digits = new string(share.Groups["to"].Value.Where(c => char.IsDigit(c)).ToArray());
        if (!WhatsAppNumber.TryParse("+" + digits, out var number))
            return "I couldn't read that number. Use the full international form, e.g. _share 2 with +44 7700 900123_.";
        if (number == user.Number)
            return "That's your own number: the memory is already yours.";

        // Being offered a memory is not the recipient writing: an existing recipient is not touched, so their last-seen
        // time stays their own.
        var recipient = await db.Users.FirstOrDefaultAsync(u => u.Number == number, cancellationToken)
            ?? await users.FindOrRegisterAsync(number, profileName: null, waId: null, cancellationToken);
        var offer = MemoryShare.Offer(memory.Id, user.Id, recipient.Id, now);
        db.MemoryShares.Add(offer);
        await db.SaveChangesAsync(cancellationToken);

        var from = SharerName(user);
        var body = WhatsAppReplies.Fit(
            $"📩 *{from}* wants to share a memory with you:\n“{WhatsAppReplies.Quote(memory.Content)}”\n\nReply *accept* to keep it in your memories, or *decline*.");
        var message = OutboundMessage.Queue(recipient, OutboundPurposes.ShareOffer, string.Create(CultureInfo.InvariantCulture, $"share:{offer.Id}"), body, null, now);
        db.OutboundMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        db.Jobs.Add(Job.SendOutbound(message.Id, now));
        db.AfterCommit(signals.WorkQueued);
        return WhatsAppReplies.Fit($"📤 Offered “{WhatsAppReplies.Quote(memory.Content)}” to {number.Masked}. It joins their memories if they accept.");
    }

    /// <returns>Null when the user has no open offer (so "accept" is read as anything else would be).</returns>
    private async Task<Answer?> AnswerShareAsync(User user, Interaction interaction, bool accept, Instant now, CancellationToken cancellationToken)
    {
        var offer = await db.MemoryShares.Where(s => s.ToUserId == user.Id && s.Status == ShareStatus.Offered)
            .OrderBy(s => s.OfferedAt).ThenBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        if (offer is null)
            return null;

        interaction.ClassifyAs(InteractionKind.Command);
        var sharer = offer.FromUserId is { } fromId ? await db.Users.FindAsync([fromId], cancellationToken) : null;
        var original = offer.MemoryId is { } id ? await db.Memories.Include(m => m.MediaAsset).Include(m => m.Tags).FirstOrDefaultAsync(m => m.Id == id, cancellationToken) : null;
        if (!accept || original is null || sharer is null)
        {
            offer.Decline(now);
            if (sharer is not null && accept is false)
                await TellSharerAsync(sharer, offer, $"🙅 {Recipient(user)} declined the memory you shared.", now, cancellationToken);
            return accept ? "That memory is no longer available: the person who shared it removed it." : "OK, declined. Nothing was added.";
        }

        var name = SharerName(sharer);
        var copy = await writer.RememberAsync(
            user, interaction, original.Kind, original.Content, original.OccurredAt, original.Tags.Select(t => t.Tag), cancellationToken, original.MediaAsset,
            shape: m =>
            {
                m.MarkSharedBy(sharer.Id, name);
                if (original.Latitude is { } lat && original.Longitude is { } lon)
                    m.PlaceAt(lat, lon, original.PlaceName);
            });
        offer.Accept(copy.Id, now);
        await TellSharerAsync(sharer, offer, $"✅ {Recipient(user)} accepted the memory you shared: “{WhatsAppReplies.Quote(original.Content)}”", now, cancellationToken);
        return new Answer(
            WhatsAppReplies.Fit($"📥 Saved to your memories: “{WhatsAppReplies.Quote(copy.Content)}” _(shared by {name})_"),
            UpdateThread: (thread, at) => thread.Saved(copy.Id, at));
    }

    private async Task TellSharerAsync(User sharer, MemoryShare offer, string text, Instant now, CancellationToken cancellationToken)
    {
        var message = OutboundMessage.Queue(sharer, OutboundPurposes.ShareAnswer, string.Create(CultureInfo.InvariantCulture, $"share-answer:{offer.Id}"), WhatsAppReplies.Fit(text), null, now);
        db.OutboundMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        db.Jobs.Add(Job.SendOutbound(message.Id, now));
        db.AfterCommit(signals.WorkQueued);
    }

    // The WhatsApp profile name when we have one; otherwise a masked number, never the full one.
    private static string SharerName(User user) => user.ProfileName ?? user.Number.Masked;

    private static string Recipient(User user) => user.ProfileName ?? user.Number.Masked;

    [GeneratedRegex(@"^share (#|number |item |no\.? ?)?(?<n>\d{1,2}|that|this|it|that one|this one|the last one) with (?<to>\+?[\d][\d\s\-().]{6,24})[.!]?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ShareRequest();

    [GeneratedRegex(@"^(?<verb>accept|accept it|i accept|yes,? accept|decline|reject|no thanks,? decline|decline it)[.!]?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ShareAnswer();
}
