using MemoryAssistant.Application.Common.Behaviours;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MemoryAssistant.Api.Errors;

/// <summary>The one place expected failures become RFC 9457 ProblemDetails; anything else is a logged 500.</summary>
public sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails, IDatabaseContention contention, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a 503 for a busy database asks the caller (or Twilio) to wait before trying again.</summary>
    public const int DatabaseBusyRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            RequestValidationException v => new ValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid",
            },
            DomainException d => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The request is invalid", Detail = d.Message },
            NotFoundException n => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = n.Message },
            ConflictException c => new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity, Title = "Conflicts with an earlier request", Detail = c.Message },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "Bad request", Detail = b.Message },
            // Another writer held SQLite's lock past the busy timeout: nothing was written, so trying again is
            // safe (Twilio retries a 5xx webhook; the MessageSid keeps it from being recorded twice).
            _ when contention.IsBusy(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Busy, try again shortly",
                Detail = "The database is busy with other work; nothing was saved. Please retry.",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong on our side" },
        };

        if (problem.Status == StatusCodes.Status500InternalServerError && !exception.Data.Contains(UnhandledExceptionBehaviour<object, object>.LoggedKey))
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Database busy on {Method} {Path}: answered 503, retry after {Seconds} s ({Error})",
                httpContext.Request.Method, httpContext.Request.Path, DatabaseBusyRetryAfterSeconds, exception.GetBaseException().Message);
            httpContext.Response.Headers.RetryAfter = DatabaseBusyRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
