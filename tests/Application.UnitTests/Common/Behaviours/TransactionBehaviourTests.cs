using MediatR;
using MemoryAssistant.Application.Common.Behaviours;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using NSubstitute;

namespace MemoryAssistant.Application.UnitTests.Common.Behaviours;

public sealed class TransactionBehaviourTests : IDisposable
{
    // A provider-less context: only the facade's virtual members are used, and those are substituted.
    private readonly DbContext _context = new(new DbContextOptionsBuilder().Options);
    private readonly DatabaseFacade _database;
    private readonly IDbContextTransaction _transaction = Substitute.For<IDbContextTransaction>();
    private readonly IApplicationDbContext _db = Substitute.For<IApplicationDbContext>();
    private readonly List<string> _calls = [];

    public TransactionBehaviourTests()
    {
        _database = Substitute.For<DatabaseFacade>(_context);
        _database.CurrentTransaction.Returns((IDbContextTransaction?)null);
        _database.BeginTransactionAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            _calls.Add("begin");
            return Task.FromResult(_transaction);
        });
        _transaction.When(t => t.CommitAsync(Arg.Any<CancellationToken>())).Do(_ => _calls.Add("commit"));
#pragma warning disable CA2012 // Configuring a substitute: the ValueTask is never awaited, only used to name the call.
        _transaction.DisposeAsync().Returns(_ =>
        {
            _calls.Add("dispose");
            return ValueTask.CompletedTask;
        });
#pragma warning restore CA2012
        _db.Database.Returns(_database);
    }

    [Fact]
    public async Task Handle_WhenCommand_ThenRunsTheHandlerInsideOneCommittedTransaction()
    {
        var behaviour = new TransactionBehaviour<SaveNoteCommand, int>(_db);

        var response = await behaviour.Handle(new SaveNoteCommand(), CancellationToken.None, () => Next(7));

        response.Should().Be(7);
        _calls.Should().Equal("begin", "handler", "commit", "dispose");
    }

    [Fact]
    public async Task Handle_WhenQuery_ThenRunsTheHandlerWithoutATransaction()
    {
        var behaviour = new TransactionBehaviour<ReadNotesQuery, int>(_db);

        var response = await behaviour.Handle(new ReadNotesQuery(), CancellationToken.None, () => Next(3));

        response.Should().Be(3);
        _calls.Should().Equal("handler");
        await _database.DidNotReceive().BeginTransactionAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenPlainRequest_ThenRunsTheHandlerWithoutATransaction()
    {
        var behaviour = new TransactionBehaviour<PlainRequest, int>(_db);

        await behaviour.Handle(new PlainRequest(), CancellationToken.None, () => Next(1));

        _calls.Should().Equal("handler");
    }

    [Fact]
    public async Task Handle_WhenCommandRunsInsideAnOpenTransaction_ThenJoinsItWithoutBeginningOrCommitting()
    {
        var outer = Substitute.For<IDbContextTransaction>();
        _database.CurrentTransaction.Returns(outer);
        var behaviour = new TransactionBehaviour<SaveNoteCommand, int>(_db);

        await behaviour.Handle(new SaveNoteCommand(), CancellationToken.None, () => Next(1));

        _calls.Should().Equal("handler");
        await outer.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenHandlerThrows_ThenDoesNotCommitAndDisposesTheTransaction()
    {
        var behaviour = new TransactionBehaviour<SaveNoteCommand, int>(_db);

        var act = () => behaviour.Handle(new SaveNoteCommand(), CancellationToken.None, () => throw new InvalidOperationException("boom"));

        await act.Should().ThrowAsync<InvalidOperationException>();
        _calls.Should().Equal("begin", "dispose");
    }

    public void Dispose() => _context.Dispose();

    private Task<int> Next(int value)
    {
        _calls.Add("handler");
        return Task.FromResult(value);
    }

    public sealed record SaveNoteCommand : ICommand<int>;

    public sealed record ReadNotesQuery : IQuery<int>;

    public sealed record PlainRequest : IRequest<int>;
}
