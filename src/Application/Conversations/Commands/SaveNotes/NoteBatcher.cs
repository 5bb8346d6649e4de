using System.Threading.Channels;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Application.Conversations.Commands.SaveNotes;

/// <summary>
/// Group commit for plain notes: webhooks hand their note over and wait; one writer takes every note waiting at
/// that moment (up to <see cref="MaxBatch"/>) and saves them with <see cref="SaveNotesCommand"/> in one
/// transaction. Alone, a note is a batch of one and waits for nothing; under load, notes that arrive while
/// a batch is being saved go together in the next one, so the write lock is taken once per batch instead
/// of once per note (ADR 0016).
/// </summary>
public sealed class NoteBatcher(IServiceScopeFactory scopes, IDatabaseContention contention, ILogger<NoteBatcher> logger) : IDisposable
{
    /// <summary>At most this many notes share a transaction: the write lock is held a few tens of milliseconds at most.</summary>
    public const int MaxBatch = 64;

    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _startLock = new();
    private Task? _writer;

    private sealed record Waiting(PlainNote Note, TaskCompletionSource<WhatsAppReply?> Reply);

    /// <summary>
    /// The note's reply once its batch is committed; or null when this note should be handled on its own: the
    /// batch failed for a reason other than a busy database (the caller then records it the usual way,
    /// failed if it must be), or the app is stopping.
    /// </summary>
    /// <remarks>Not cancelled with the request: a note handed over is saved, and a retry of it is a duplicate.</remarks>
    public Task<WhatsAppReply?> SaveAsync(PlainNote note)
    {
        var waiting = new Waiting(note, new TaskCompletionSource<WhatsAppReply?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_waiting.Writer.TryWrite(waiting))
            return Task.FromResult<WhatsAppReply?>(null);
        EnsureWriter();
        return waiting.Reply.Task;
    }

    private void EnsureWriter()
    {
        if (_writer is not null)
            return;
        lock (_startLock)
            _writer ??= Task.Run(WriteAsync);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Waiting>(MaxBatch);
        while (await _waiting.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _waiting.Reader.TryRead(out var waiting))
                batch.Add(waiting);
            await SaveBatchAsync(batch);
        }
    }

    private async Task SaveBatchAsync(List<Waiting> batch)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var replies = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new SaveNotesCommand(batch.Select(w => w.Note).ToList()), CancellationToken.None);
            logger.LogDebug("Saved {Count} notes in one transaction", batch.Count);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Reply.TrySetResult(replies[i]);
        }
        catch (Exception ex) when (contention.IsBusy(ex))
        {
            // Nothing was written. A busy database would be as busy for each note alone: every caller gets the
            // error (the webhook answers 503 and Twilio retries).
            foreach (var waiting in batch)
                waiting.Reply.TrySetException(ex);
        }
        catch (Exception ex)
        {
            // Nothing was written; one note may be at fault. Each is recorded on its own, the usual way.
            logger.LogWarning(ex, "Saving {Count} notes together failed; each is saved on its own", batch.Count);
            foreach (var waiting in batch)
                waiting.Reply.TrySetResult(null);
        }
    }

    public void Dispose() => _waiting.Writer.TryComplete();
}
