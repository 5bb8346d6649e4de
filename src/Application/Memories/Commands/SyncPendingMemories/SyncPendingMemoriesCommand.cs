using System.Diagnostics;
using MediatR;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Domain.Memories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Memories.Commands.SyncPendingMemories;

/// <summary>
/// Sends memories waiting for the remote layer (Mem0), oldest first, one at a time. The first fault that time
/// may fix stops the pass, so no memory overtakes an older one; the caller waits and runs it again.
/// </summary>
/// <param name="AdoptEarlierMemories">
/// Also queue memories saved before this layer was configured (by the embedded engine alone), so switching to
/// Mem0 brings the whole history along. The worker asks for it on its first pass.
/// </param>
public sealed record SyncPendingMemoriesCommand(bool AdoptEarlierMemories = false) : ICommand<SyncPassResult>, IManagesOwnTransaction;

/// <param name="Synced">Memories the layer now holds.</param>
/// <param name="Rejected">Memories the layer refused for good (kept here as failed, for an operator).</param>
/// <param name="MoreWaiting">True when memories still wait (the batch was full, or the pass was stopped).</param>
/// <param name="StoppedBy">Why the pass stopped early (the layer is unavailable); null when it ran to the end.</param>
/// <param name="RetryAfter">How long the layer asked us to wait, when it said.</param>
public sealed record SyncPassResult(int Synced, int Rejected, bool MoreWaiting, string? StoppedBy, TimeSpan? RetryAfter)
{
    public static SyncPassResult Idle { get; } = new(0, 0, false, null, null);
}

// Each step is saved at once, without a long transaction: HTTP calls must never hold SQLite's write lock.
public sealed class SyncPendingMemoriesCommandHandler(
    IApplicationDbContext db,
    MemoryLayers layers,
    IMediaStore mediaStore,
    MemorySyncOptions options,
    IClock clock,
    ILogger<SyncPendingMemoriesCommandHandler> logger) : IRequestHandler<SyncPendingMemoriesCommand, SyncPassResult>
{
    public async Task<SyncPassResult> Handle(SyncPendingMemoriesCommand request, CancellationToken cancellationToken)
    {
        if (layers.Remote is not { } remote)
            return SyncPassResult.Idle;

        if (request.AdoptEarlierMemories)
        {
            var adopted = await db.Memories
                .Where(m => m.LayerName == null || m.LayerName != remote.Name)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.LayerName, remote.Name).SetProperty(m => m.SyncState, MemorySyncState.Pending), cancellationToken);
            if (adopted > 0)
                logger.LogInformation("{Count} memory(ies) saved before {Layer} was configured are queued for it", adopted, remote.Name);
        }

        if (await DeleteForgottenAsync(remote, cancellationToken) is { } stopped)
            return stopped;

        int synced = 0, rejected = 0;
        for (var i = 0; i < options.BatchSize; i++)
        {
            var memory = await db.Memories
                .Include(m => m.User).Include(m => m.Interaction).Include(m => m.MediaAsset).Include(m => m.LayerLinks)
                .Where(m => m.LayerName == remote.Name && m.SyncState == MemorySyncState.Pending)
                .OrderBy(m => m.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (memory is null)
                return new SyncPassResult(synced, rejected, false, null, null);

            try
            {
                await SyncAsync(remote, memory, cancellationToken);
                synced++;
            }
            catch (MemoryLayerUnavailableException ex)
            {
                return await StopAsync(memory, ex.Message, ex.RetryAfter, synced, rejected, cancellationToken);
            }
            catch (MemoryLayerRejectedException ex) when (ex.IsAuthenticationFailure)
            {
                // Our key is wrong: every memory would fail alike, so they all wait for an operator to fix it.
                return await StopAsync(memory, ex.Message, null, synced, rejected, cancellationToken);
            }
            catch (MemoryLayerRejectedException ex)
            {
                logger.LogError("{Layer} refused memory {MemoryId} for good: {Reason}", remote.Name, memory.Id, ex.Message);
                memory.MarkSyncFailed(remote.Name, ex.Message);
                await db.SaveChangesAsync(CancellationToken.None);
                rejected++;
            }
            finally
            {
                db.DiscardChanges();
            }
        }

        return new SyncPassResult(synced, rejected, true, null, null);
    }

    /// <summary>
    /// Memories the user forgot, deleted from the layer too, and every memory of an erased user (one call by their
    /// opaque id); the first outage stops the pass.
    /// </summary>
    private async Task<SyncPassResult?> DeleteForgottenAsync(IRemoteMemoryLayer remote, CancellationToken cancellationToken)
    {
        var deletions = await db.LayerDeletions.Where(d => d.Layer == remote.Name).OrderBy(d => d.Id).Take(options.BatchSize).ToListAsync(cancellationToken);
        foreach (var deletion in deletions)
        {
            try
            {
                if (deletion.UserExternalId is { Length: > 0 } erasedUser)
                    await remote.DeleteAllAsync(erasedUser, cancellationToken);
                else
                    await remote.DeleteAsync(deletion.LayerMemoryId, cancellationToken);
                db.LayerDeletions.Remove(deletion);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is MemoryLayerUnavailableException || ex is MemoryLayerRejectedException { IsAuthenticationFailure: true })
            {
                deletion.Failed(ex.Message);
                await db.SaveChangesAsync(CancellationToken.None);
                return new SyncPassResult(0, 0, true, ex.Message, (ex as MemoryLayerUnavailableException)?.RetryAfter);
            }
            catch (MemoryLayerRejectedException ex)
            {
                // Kept, with the reason, for an operator; the pass goes on.
                var target = deletion.UserExternalId is { Length: > 0 } user ? "every memory of " + user : deletion.LayerMemoryId;
                logger.LogError("{Layer} refused to delete {Target}: {Reason}", remote.Name, target, ex.Message);
                deletion.Failed(ex.Message);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }

        return null;
    }

    private async Task<SyncPassResult> StopAsync(Memory memory, string reason, TimeSpan? retryAfter, int synced, int rejected, CancellationToken cancellationToken)
    {
        memory.RecordSyncError(reason);
        await db.SaveChangesAsync(cancellationToken);
        return new SyncPassResult(synced, rejected, true, reason, retryAfter);
    }

    private async Task SyncAsync(IRemoteMemoryLayer remote, Memory memory, CancellationToken cancellationToken)
    {
        if (memory.LayerEventId is { } pendingEvent)
        {
            await AwaitEventAsync(remote, memory, pendingEvent, cancellationToken);
            return;
        }

        var user = memory.User!;
        memory.BeginSyncAttempt();
        await db.SaveChangesAsync(cancellationToken);

        // An earlier attempt may have reached the layer before it failed (a timeout after Mem0 stored it):
        // adding again would store it twice, so look for it first.
        if (memory.SyncAttempts > 1)
        {
            var already = await remote.FindBySourceAsync(user.ExternalId, memory.Id, cancellationToken);
            if (already.Count > 0)
            {
                logger.LogInformation("{Layer} already held memory {MemoryId} from an earlier attempt", remote.Name, memory.Id);
                await LinkAsync(remote, memory, already);
                return;
            }
        }

        var outcome = await remote.AddAsync(await ToSyncAsync(remote, memory, cancellationToken), cancellationToken);
        switch (outcome)
        {
            case RemoteAddOutcome.Stored stored:
                await LinkAsync(remote, memory, stored.Memories);
                break;
            case RemoteAddOutcome.Queued queued:
                memory.AwaitLayerEvent(queued.EventId);
                await db.SaveChangesAsync(CancellationToken.None);
                await AwaitEventAsync(remote, memory, queued.EventId, cancellationToken);
                break;
        }
    }

    private async Task AwaitEventAsync(IRemoteMemoryLayer remote, Memory memory, string eventId, CancellationToken cancellationToken)
    {
        // A wall-clock wait, not domain time: measured with a stopwatch.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            switch (await remote.GetEventAsync(eventId, cancellationToken))
            {
                case RemoteEventOutcome.Succeeded done:
                    await LinkAsync(remote, memory, done.Memories);
                    return;
                case RemoteEventOutcome.Failed failed:
                    // Nothing was stored for a failed event, so the next attempt adds again.
                    memory.ForgetLayerEvent();
                    memory.RecordSyncError($"{remote.Name} event {eventId} failed: {failed.Reason}");
                    await db.SaveChangesAsync(CancellationToken.None);
                    throw new MemoryLayerUnavailableException($"{remote.Name} could not process memory {memory.Id}: {failed.Reason}");
                case RemoteEventOutcome.InProgress progress when waited.Elapsed >= options.EventWaitLimit:
                    throw new MemoryLayerUnavailableException($"{remote.Name} event {eventId} is still {progress.Status} after {options.EventWaitLimit.TotalSeconds:F0} s.");
                default:
                    await Task.Delay(options.EventPollInterval, cancellationToken);
                    break;
            }
        }
    }

    private async Task LinkAsync(IRemoteMemoryLayer remote, Memory memory, IReadOnlyList<LayerMemory> held)
    {
        memory.LinkToLayer(remote.Name, held, clock.GetCurrentInstant());
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Memory {MemoryId} synced to {Layer} as {Count} memory(ies)", memory.Id, remote.Name, held.Count);
    }

    private async Task<MemoryToSync> ToSyncAsync(IRemoteMemoryLayer remote, Memory memory, CancellationToken cancellationToken)
    {
        var media = memory.MediaAsset;
        MemoryImage? image = null;
        if (remote.AcceptsImages && memory.Kind == MemoryKind.Image && media is not null && media.SizeBytes <= options.MaxImageBytes)
        {
            try
            {
                image = new MemoryImage(media.ContentType, await File.ReadAllBytesAsync(mediaStore.FullPath(media.StoragePath), cancellationToken));
            }
            catch (IOException ex)
            {
                // The text (caption, OCR, description) still carries the memory.
                logger.LogWarning(ex, "Photo of memory {MemoryId} could not be read; sending its text only", memory.Id);
            }
        }

        return new MemoryToSync(
            memory.Id,
            memory.InteractionId,
            memory.User!.ExternalId,
            memory.Kind,
            memory.Content,
            memory.Tags.Select(t => t.Tag).ToList(),
            memory.OccurredAt,
            memory.User.TimeZoneId,
            memory.Interaction?.MessageSid?.Value,
            media?.Sha256.Value,
            image);
    }
}
