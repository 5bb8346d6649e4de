using MediatR;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Conversations;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Domain.Conversations;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Media.Commands.ProcessMedia;

/// <summary>
/// The job behind a photo or voice note: for each attachment, download it, store it once (by hash),
/// understand it once (OCR, EXIF, description, transcript), link it, and remember it; then settle the
/// reply — in the webhook's answer if it is still waiting, otherwise as an outbound message.
/// Safe to run again after a crash: every step checks what is already done.
/// </summary>
/// <param name="Attempt">1-based; on the last attempt a transient failure becomes an apology instead of a retry.</param>
public sealed record ProcessMediaCommand(long InteractionId, int Attempt = 1, int MaxAttempts = 1) : ICommand<string?>, IManagesOwnTransaction;

public sealed class ProcessMediaCommandHandler(
    IApplicationDbContext db,
    IMediaDownloader downloader,
    IMediaStore store,
    MediaUnderstanding understanding,
    MemoryWriter writer,
    IOutboundMessenger messenger,
    IGazetteer gazetteer,
    IJobSignals signals,
    IClock clock,
    ILogger<ProcessMediaCommandHandler> logger) : IRequestHandler<ProcessMediaCommand, string?>
{
    public async Task<string?> Handle(ProcessMediaCommand request, CancellationToken cancellationToken)
    {
        var interaction = await db.Interactions
            .Include(i => i.User)
            .Include(i => i.Media).ThenInclude(m => m.MediaAsset)
            .SingleOrDefaultAsync(i => i.Id == request.InteractionId, cancellationToken);
        if (interaction?.User is not { } user)
            return null;

        var caption = interaction.Body.Trim();
        var saved = new List<(Memory Memory, MediaAsset Asset)>();
        var refused = new List<string>();
        foreach (var attachment in interaction.Media.OrderBy(m => m.Position))
        {
            try
            {
                var asset = attachment.MediaAsset ?? await AcquireAsync(attachment, user, caption, cancellationToken);
                if (asset.AnalyzedAt is null)
                {
                    // Uploaded (or stored before a crash) but not yet understood.
                    var bytes = await File.ReadAllBytesAsync(store.FullPath(asset.StoragePath), cancellationToken);
                    await understanding.UnderstandAsync(asset, bytes, caption, user.TimeZone, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                }

                saved.Add((await RememberAsync(user, interaction, asset, caption, cancellationToken), asset));
            }
            catch (MediaRejectedException ex)
            {
                logger.LogWarning("Attachment {Position} of {MessageSid} refused: {Reason}", attachment.Position, interaction.MessageSid, ex.Message);
                refused.Add(ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && request.Attempt >= request.MaxAttempts)
            {
                logger.LogError(ex, "Attachment {Position} of {MessageSid} failed on the last attempt", attachment.Position, interaction.MessageSid);
                refused.Add("it could not be fetched");
            }
        }

        if (saved.Count > 0)
            await RememberInThreadAsync(user, saved[^1].Memory.Id, cancellationToken);
        var reply = WhatsAppReplies.MediaSaved(saved.Select(s => (s.Memory, s.Asset)).ToList(), refused.Count);
        await SettleReplyAsync(interaction, user, reply, cancellationToken);
        signals.InteractionCompleted(interaction.Id);
        return reply;
    }

    /// <summary>"undo" then forgets this photo or voice note, as it does a note just saved.</summary>
    private async Task RememberInThreadAsync(User user, long memoryId, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var thread = await db.ConversationStates.FindAsync([user.Id], cancellationToken);
        if (thread is null)
        {
            thread = ConversationState.Start(user.Id, now);
            db.ConversationStates.Add(thread);
        }

        thread.Saved(memoryId, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Download, store once, understand once, link. Each write is short: no lock is held while downloading.</summary>
    private async Task<MediaAsset> AcquireAsync(InteractionMedia attachment, User user, string caption, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(attachment.MediaUrl, UriKind.Absolute, out var url))
            throw new MediaRejectedException("the attachment has no valid URL");
        var media = await downloader.DownloadAsync(url, attachment.DeclaredContentType, cancellationToken);

        var asset = await db.MediaAssets.FirstOrDefaultAsync(a => a.Sha256 == media.Sha256, cancellationToken);
        if (asset is null)
        {
            var blob = await store.SaveAsync(media.Bytes, cancellationToken);
            asset = MediaAsset.Store(blob.Hash, media.ContentType, blob.SizeBytes, blob.RelativePath, clock.GetCurrentInstant());
            db.MediaAssets.Add(asset);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another job stored the same bytes a moment ago (unique sha256): use theirs.
                db.DiscardChanges();
                asset = await db.MediaAssets.SingleAsync(a => a.Sha256 == media.Sha256, cancellationToken);
                attachment = await db.Interactions.Where(i => i.Id == attachment.InteractionId)
                    .SelectMany(i => i.Media).SingleAsync(m => m.Position == attachment.Position, cancellationToken);
            }
        }
        else
        {
            logger.LogInformation("Media {Hash} already stored: linked, not analysed again", asset.Sha256.Value[..12]);
        }

        if (asset.AnalyzedAt is null)
        {
            await understanding.UnderstandAsync(asset, media.Bytes, caption, user.TimeZone, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        attachment.LinkAsset(asset);
        await db.SaveChangesAsync(cancellationToken);
        return asset;
    }

    private async Task<Memory> RememberAsync(User user, Interaction interaction, MediaAsset asset, string caption, CancellationToken cancellationToken)
    {
        var existing = await db.Memories.Include(m => m.MediaAsset)
            .FirstOrDefaultAsync(m => m.InteractionId == interaction.Id && m.MediaAssetId == asset.Id, cancellationToken);
        if (existing is not null)
            return existing;

        var transcript = asset.IsAudio ? await db.Transcripts.AsNoTracking().FirstOrDefaultAsync(t => t.MediaAssetId == asset.Id, cancellationToken) : null;
        var content = MediaMemoryText.Compose(asset, transcript, caption);
        // A photo's moment is when it was taken, if that is earlier than when it was sent.
        var occurredAt = asset.CapturedAt is { } taken && taken < interaction.ReceivedAt ? taken : interaction.ReceivedAt;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A photo's GPS makes it a geo-tagged memory ("photos from Lisbon"), named after the nearest city.
        var memory = await writer.RememberAsync(user, interaction, MediaKinds.Of(asset.ContentType), content, occurredAt, tags: null, cancellationToken, asset,
            shape: m =>
            {
                if (asset.Latitude is { } lat && asset.Longitude is { } lon && Places.GeoMath.IsValid(lat, lon))
                    m.PlaceAt(lat, lon, gazetteer.Nearest(lat, lon) is { } city ? $"{city.Name}, {city.Country}" : null);
            });
        await transaction.CommitAsync(cancellationToken);
        return memory;
    }

    /// <summary>
    /// One atomic step decides who tells the user: if the webhook is still waiting (status processing),
    /// the result becomes its reply; if it already acknowledged, the result is sent as a new message.
    /// </summary>
    private async Task SettleReplyAsync(Interaction interaction, User user, string reply, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var tookTheReply = await db.Interactions
            .Where(i => i.Id == interaction.Id && i.Status == InteractionStatus.Processing)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, InteractionStatus.Processed)
                .SetProperty(i => i.Reply, reply)
                .SetProperty(i => i.ProcessedAt, now), cancellationToken);
        if (tookTheReply == 1)
            return;

        var status = await db.Interactions.Where(i => i.Id == interaction.Id).Select(i => i.Status).SingleAsync(cancellationToken);
        if (status != InteractionStatus.Acknowledged)
            return; // already settled by an earlier run of this job

        var sent = await messenger.SendAsync(user.Number, reply, [], cancellationToken);
        var providerSid = MessageSid.TryParse(sent.ProviderMessageId, out var sid) ? sid : null;
        db.Interactions.Add(Interaction.SendWhatsApp(user, reply, providerSid, sent.Accepted, sent.ErrorCode is { } code ? $"{code}: {sent.ErrorMessage}" : null, now));
        await db.SaveChangesAsync(cancellationToken);
        await db.Interactions.Where(i => i.Id == interaction.Id && i.Status == InteractionStatus.Acknowledged)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, InteractionStatus.Processed).SetProperty(i => i.ProcessedAt, now), cancellationToken);
        logger.LogInformation("Result for {MessageSid} sent as an outbound message via {Channel}", interaction.MessageSid, messenger.Channel);
    }
}
