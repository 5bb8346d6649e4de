using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;

namespace MemoryAssistant.Application.Common.Behaviours;

/// <summary>
/// Innermost, commands only: the whole command commits or nothing does, so bad input or a crash never
/// leaves half a message behind. On SQLite the transaction takes the write lock at once (BEGIN
/// IMMEDIATE), which serialises concurrent deliveries of the same message.
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(IApplicationDbContext db) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommandMarker || request is IManagesOwnTransaction || db.Database.CurrentTransaction is not null)
            return await next();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await next();
        await transaction.CommitAsync(cancellationToken);
        return response;
    }
}
