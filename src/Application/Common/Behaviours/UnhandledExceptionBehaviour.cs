using MediatR;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Application.Common.Behaviours;

/// <summary>Outermost: whatever escapes a handler is logged once, with the name of the request that caused it.</summary>
public sealed class UnhandledExceptionBehaviour<TRequest, TResponse>(ILogger<TRequest> logger) : IPipelineBehavior<TRequest, TResponse>
{
    /// <summary>Set on exceptions already logged here, so outer handlers do not log them twice.</summary>
    public const string LoggedKey = "MemoryAssistant.Logged";

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            return await next();
        }
        catch (Exception ex) when (ex is not (Exceptions.RequestValidationException or Exceptions.NotFoundException or Exceptions.ConflictException or OperationCanceledException))
        {
            // The request itself is not logged: it carries phone numbers and message text.
            logger.LogError(ex, "Request {RequestName} failed", typeof(TRequest).Name);
            ex.Data[LoggedKey] = true;
            throw;
        }
    }
}
