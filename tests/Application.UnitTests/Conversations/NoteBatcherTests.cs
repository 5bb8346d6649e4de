using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;
using MemoryAssistant.Application.Conversations.Commands.SaveNotes;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace MemoryAssistant.Application.UnitTests.Conversations;

/// <summary>How <see cref="NoteBatcher"/> groups notes and what each waiting webhook gets when a batch fails.</summary>
public sealed class NoteBatcherTests : IDisposable
{
    private readonly IMediator _mediator = Substitute.For<IMediator>();
    private readonly IDatabaseContention _contention = Substitute.For<IDatabaseContention>();
    private readonly ServiceProvider _services;
    private readonly NoteBatcher _batcher;
    private int _sid;

    public NoteBatcherTests()
    {
        _services = new ServiceCollection().AddScoped(_ => _mediator).BuildServiceProvider();
        _batcher = new NoteBatcher(_services.GetRequiredService<IServiceScopeFactory>(), _contention, NullLogger<NoteBatcher>.Instance);
    }

    [Fact]
    public async Task NotesWaitingWhileABatchIsSaved_GoTogetherInTheNextOne_EachGettingItsOwnReply()
    {
        var firstBatchStarted = new TaskCompletionSource();
        var releaseFirstBatch = new TaskCompletionSource();
        var batchSizes = new List<int>();
        _mediator.Send(Arg.Any<SaveNotesCommand>(), Arg.Any<CancellationToken>()).Returns(async call =>
        {
            var notes = call.Arg<SaveNotesCommand>().Notes;
            lock (batchSizes)
                batchSizes.Add(notes.Count);
            if (firstBatchStarted.TrySetResult())
                await releaseFirstBatch.Task;
            return (IReadOnlyList<WhatsAppReply>)notes.Select(n => new WhatsAppReply("✅ Saved " + n.Body, IsDuplicate: false, InteractionId: 1)).ToList();
        });

        var first = _batcher.SaveAsync(Note("first"));
        await firstBatchStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var waiting = Enumerable.Range(1, 5).Select(i => _batcher.SaveAsync(Note($"waiting {i}"))).ToList();
        releaseFirstBatch.SetResult();

        (await first.WaitAsync(TimeSpan.FromSeconds(5)))!.Text.Should().Be("✅ Saved first");
        var replies = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(5));
        replies.Select(r => r!.Text).Should().Equal(Enumerable.Range(1, 5).Select(i => $"✅ Saved waiting {i}"), "each caller gets the reply to its own note");
        batchSizes.Should().Equal(1, 5);
    }

    [Fact]
    public async Task ABatchThatFails_LetsEachNoteBeRecordedOnItsOwn()
    {
        _mediator.Send(Arg.Any<SaveNotesCommand>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("one note was bad"));

        var reply = await _batcher.SaveAsync(Note("a note")).WaitAsync(TimeSpan.FromSeconds(5));

        reply.Should().BeNull("null tells the webhook to record the note the usual way (failed if it must be)");
    }

    [Fact]
    public async Task ABusyDatabase_FailsEveryNoteOfTheBatchWithTheError_InsteadOfTryingEachAlone()
    {
        var busy = new InvalidOperationException("database is locked");
        _contention.IsBusy(busy).Returns(true);
        _mediator.Send(Arg.Any<SaveNotesCommand>(), Arg.Any<CancellationToken>()).ThrowsAsync(busy);

        var saving = () => _batcher.SaveAsync(Note("a note")).WaitAsync(TimeSpan.FromSeconds(5));

        (await saving.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(busy, "the webhook answers 503 and Twilio retries");
    }

    [Fact]
    public async Task AfterShutDown_NotesAreNotTaken()
    {
        _batcher.Dispose();

        (await _batcher.SaveAsync(Note("late"))).Should().BeNull();
        await _mediator.DidNotReceive().Send(Arg.Any<SaveNotesCommand>(), Arg.Any<CancellationToken>());
    }

    private PlainNote Note(string body) => new(
        MessageSid.Parse("SM" + Interlocked.Increment(ref _sid).ToString("x32", System.Globalization.CultureInfo.InvariantCulture)),
        WhatsAppNumber.Parse("+351912345678"), "Ana", "351912345678", body,
        new MemoryReading(MemoryKind.Text, body, [], null), "{}", Instant.FromUtc(2026, 12, 2, 9, 0));

    public void Dispose()
    {
        _batcher.Dispose();
        _services.Dispose();
    }
}
