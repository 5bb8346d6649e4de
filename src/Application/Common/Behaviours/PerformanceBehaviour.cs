using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Application.Common.Behaviours;

/// <summary>Warns about slow requests: Twilio gives the webhook 15 s in all, and we aim for milliseconds.</summary>
public sealed class PerformanceBehaviour<TRequest, TResponse>(ILogger<TRequest> logger) : IPipelineBehavior<TRequest, TResponse>
{
    public static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > SlowThreshold)
            logger.LogWarning("Slow request {RequestName}: {ElapsedMs} ms", typeof(TRequest).Name, (long)elapsed.TotalMilliseconds);
        else
            logger.LogDebug("{RequestName} took {ElapsedMs:F1} ms", typeof(TRequest).Name, elapsed.TotalMilliseconds);
        return response;
    }
}
