using MemoryAssistant.Application.Users.Commands.EraseUserData;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>"/export" (a signed link to a ZIP of everything) and "/erase" with its typed confirmation.</summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler
{
    /// <summary>What the user types to confirm: a phrase nobody sends by accident, unlike "yes".</summary>
    public const string EraseConfirmation = "ERASE MY DATA";

    /// <summary>How long the export link works: long enough to open it later in the day, short enough not to linger in a chat.</summary>
    public static readonly Duration ExportLinkLifetime = Duration.FromHours(24);

    private Answer Export(User user, Instant now)
    {
        var link = exportLinks.Sign(user.ExternalId, ExportLinkLifetime);
        return WhatsAppReplies.Fit(
            $"📦 Your data, as a ZIP (messages, memories, transcripts, reminders, places, photos and voice notes, with a manifest):\n{link}\n"
            + $"_The link works until {Common.Time.LocalTimes.Friendly(now + ExportLinkLifetime, user.TimeZone, now)}. Anyone with it can download your data: don't forward it._");
    }

    private static string Erased(ErasureSummary? summary) => summary is null
        ? "your data"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{summary.Interactions} messages, {summary.Memories} memories and {summary.MediaFilesDeleted + summary.MediaFilesKept} photos or voice notes");

    private async Task<Answer> AskToEraseAsync(User user, Instant now, CancellationToken cancellationToken)
    {
        (await ThreadOfAsync(user, now, cancellationToken)).AskToErase(now);
        return $"⚠️ This deletes *everything* I keep for you — messages, memories, photos, voice notes, reminders, places — here and in the memory service. It cannot be undone (/export first if you want a copy).\nTo confirm, type *{EraseConfirmation}* within 10 minutes.";
    }

    /// <summary>
    /// Runs the erase inside this message's transaction. The user's rows, this message included, are gone
    /// afterwards, so the answer updates no thread and the interaction is not saved (the erase forgets it).
    /// </summary>
    private async Task<Answer> ConfirmEraseAsync(User user, Interaction interaction, string messageSid, Instant now, CancellationToken cancellationToken)
    {
        interaction.ClassifyAs(InteractionKind.Command);
        var thread = await ThreadOfAsync(user, now, cancellationToken);
        if (!thread.TakePendingErase(now))
            return "Nothing to confirm: send /erase first if you want me to delete all your data.";

        await db.SaveChangesAsync(cancellationToken);
        var summary = await mediator.Send(new EraseUserDataCommand(user.Id, messageSid), cancellationToken);
        return new Answer(
            $"🗑️ Done. I erased {Erased(summary)}. Nothing of yours is left here; if you write again, you start fresh. Goodbye 👋",
            Erased: true);
    }
}
