using System.Globalization;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Users.Commands.EraseUserData;

/// <summary>"Erase my data" (<c>DELETE /users/{id}</c>, or "/erase" confirmed on WhatsApp).</summary>
/// <param name="ConfirmingMessageSid">
/// The WhatsApp message that confirmed the erasure; kept (alone) in <c>user_erasures</c>, so Twilio redelivering it
/// cannot register the number again with that message as its first note. Null from the REST API.
/// </param>
/// <returns>What was removed; null when there is no user with that id.</returns>
public sealed record EraseUserDataCommand(long UserId, string? ConfirmingMessageSid) : ICommand<ErasureSummary?>;

/// <param name="MediaFilesDeleted">Media files removed from the store: no other user's message or memory refers to them.</param>
/// <param name="MediaFilesKept">
/// The user's media files kept because another user still refers to the same bytes (a file is stored once per
/// content hash, whoever sends it). Only the user's references to them are gone.
/// </param>
public sealed record ErasureSummary(int Interactions, int Memories, int MediaFilesDeleted, int MediaFilesKept)
{
    /// <summary>The line kept in <c>user_erasures.summary</c>: counts only, no personal data.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Interactions} interactions, {Memories} memories, {MediaFilesDeleted} media files deleted, {MediaFilesKept} kept (shared)");
}

/// <summary>
/// Removes every row of one user in ONE transaction (the command's): their interactions with attachments and jobs,
/// memories with tags, layer links, keyword index entries and vectors, transcripts and media assets no one else
/// refers to, reminders and their jobs, outbound messages and their jobs, the digest job, saved places, shares
/// offered to them, the conversation thread and the user row. What survives is deliberate:
/// <list type="bullet">
/// <item>A memory they shared and someone accepted is the recipient's copy, like a forwarded message: it stays, with
/// its <c>shared_by_name</c>; only the links to the erased user (<c>shared_by_user_id</c>, <c>memory_shares.from_user_id</c>)
/// are cleared.</item>
/// <item>A media file someone else also sent stays (one file per content hash) for them.</item>
/// <item>One <c>user_erasures</c> row: the confirming MessageSid and the counts.</item>
/// <item>One <c>layer_deletions</c> row per remote layer (Mem0) that may hold copies: the sync worker deletes all of the
/// user's memories there by their opaque id, retrying through outages.</item>
/// </list>
/// After the commit, the files no one refers to are deleted from the media store and the index's in-memory vectors
/// of the user are dropped. Run inside the webhook's transaction, it joins it; it then forgets every tracked entity,
/// so a later save of the (deleted) user or interaction is a no-op rather than a failed update.
/// </summary>
public sealed class EraseUserDataCommandHandler(
    IApplicationDbContext db,
    MemoryLayers layers,
    IMediaStore store,
    IMemorySyncSignal syncSignal,
    IClock clock,
    ILogger<EraseUserDataCommandHandler> logger) : IRequestHandler<EraseUserDataCommand, ErasureSummary?>
{
    public async Task<ErasureSummary?> Handle(EraseUserDataCommand request, CancellationToken cancellationToken)
    {
        var id = request.UserId;
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Id, u.ExternalId }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
            return null;
        var now = clock.GetCurrentInstant();

        // The media the user's messages carry or their memories show; after their rows are gone, whatever no one
        // else refers to is deleted.
        var userAssets = await db.MediaAssets
            .Where(a => db.Interactions.Any(i => i.UserId == id && i.Media.Any(m => m.MediaAssetId == a.Id))
                || db.Memories.Any(m => m.UserId == id && m.MediaAssetId == a.Id))
            .Select(a => new { a.Id, a.StoragePath })
            .ToListAsync(cancellationToken);

        // Remote layers that may hold copies: the one in use (as MemoryEraser decides for one memory), and any that
        // ever linked one of these memories.
        var remoteLayers = await db.Memories.Where(m => m.UserId == id).SelectMany(m => m.LayerLinks).Select(l => l.Layer).Distinct().ToListAsync(cancellationToken);
        if (layers.Remote is { } remote)
            remoteLayers.Add(remote.Name);

        // Jobs about the user's reminders, outbound messages and digest name them by subject_id, with no foreign key.
        var reminderIds = db.Reminders.Where(r => r.UserId == id).Select(r => (long?)r.Id);
        var outboundIds = db.OutboundMessages.Where(o => o.UserId == id).Select(o => (long?)o.Id);
        await db.Jobs
            .Where(j => (j.InteractionId != null && db.Interactions.Any(i => i.Id == j.InteractionId && i.UserId == id))
                || (j.Kind == Job.DeliverReminderKind && reminderIds.Contains(j.SubjectId))
                || (j.Kind == Job.SendDigestKind && j.SubjectId == id)
                || (j.Kind == Job.SendOutboundKind && outboundIds.Contains(j.SubjectId)))
            .ExecuteDeleteAsync(cancellationToken);

        // Offers to the user go. Where the user is the sharer, the recipient's copy stays theirs; only the link goes.
        await db.MemoryShares.Where(s => s.ToUserId == id).ExecuteDeleteAsync(cancellationToken);
        await db.MemoryShares.Where(s => s.FromUserId == id).ExecuteUpdateAsync(set => set.SetProperty(s => s.FromUserId, (long?)null), cancellationToken);
        await db.Memories.Where(m => m.SharedByUserId == id).ExecuteUpdateAsync(set => set.SetProperty(m => m.SharedByUserId, (long?)null), cancellationToken);

        await db.Reminders.Where(r => r.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await db.OutboundMessages.Where(o => o.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await db.SavedPlaces.Where(p => p.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ConversationStates.Where(c => c.UserId == id).ExecuteDeleteAsync(cancellationToken);

        // Keyword entries and vectors first (by user); tags and layer links go with each memory (cascade), and the
        // delete trigger unindexes anything left. Attachments go with each interaction (cascade).
        await layers.Index.DeleteUserAsync(id, cancellationToken);
        var memories = await db.Memories.Where(m => m.UserId == id).ExecuteDeleteAsync(cancellationToken);
        var interactions = await db.Interactions.Where(i => i.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(cancellationToken);

        var candidates = userAssets.Select(a => a.Id).ToList();
        var unreferenced = await db.MediaAssets
            .Where(a => candidates.Contains(a.Id)
                && !db.Interactions.Any(i => i.Media.Any(m => m.MediaAssetId == a.Id))
                && !db.Memories.Any(m => m.MediaAssetId == a.Id))
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        await db.Transcripts.Where(t => unreferenced.Contains(t.MediaAssetId)).ExecuteDeleteAsync(cancellationToken);
        await db.MediaAssets.Where(a => unreferenced.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);

        var summary = new ErasureSummary(interactions, memories, unreferenced.Count, candidates.Count - unreferenced.Count);
        foreach (var layer in remoteLayers.Distinct(StringComparer.Ordinal))
            db.LayerDeletions.Add(LayerDeletion.OfUser(layer, user.ExternalId, now));
        db.UserErasures.Add(UserErasure.Record(request.ConfirmingMessageSid, summary.Describe(), now));
        await db.SaveChangesAsync(cancellationToken);
        // A caller that loaded the user or their message (the webhook confirming "/erase") must not write them back:
        // whatever this context still tracks was the user's, and is gone.
        db.DiscardChanges();

        var files = userAssets.Where(a => unreferenced.Contains(a.Id)).Select(a => a.StoragePath).ToList();
        db.AfterCommit(() =>
        {
            DeleteFiles(files);
            logger.LogInformation("Erased user {UserId}: {Summary}", id, summary.Describe());
        });
        if (remoteLayers.Count > 0)
            db.AfterCommit(syncSignal.MemoriesPending);
        return summary;
    }

    /// <summary>Runs after the commit: the rows are gone, so a file left by a failure is unreachable (and logged).</summary>
    private void DeleteFiles(IEnumerable<string> relativePaths)
    {
        foreach (var path in relativePaths)
        {
            try
            {
                store.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogError(ex, "Media file {Path} of an erased user could not be deleted; delete it by hand", path);
            }
        }
    }
}
