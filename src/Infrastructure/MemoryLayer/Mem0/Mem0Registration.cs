using System.Net;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Infrastructure.MemoryLayer.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Mem0;

public static class Mem0Registration
{
    public const string PipelineName = "mem0";

    /// <summary>
    /// With <c>Mem0:ApiKey</c> set, Mem0 becomes the memory layer: a typed HttpClient with Polly resilience,
    /// the sync worker that sends pending memories, and a start-up ping. Without it nothing is registered
    /// and the embedded engine serves alone.
    /// </summary>
    public static IServiceCollection AddMem0MemoryLayer(this IServiceCollection services, IConfiguration configuration)
    {
        var sync = configuration.GetSection(MemorySyncOptions.Section).Get<MemorySyncOptions>() ?? new MemorySyncOptions();
        services.AddSingleton(sync);
        services.AddSingleton<MemorySyncSignal>();
        services.AddSingleton<IMemorySyncSignal>(provider => provider.GetRequiredService<MemorySyncSignal>());

        var options = configuration.GetSection(Mem0Options.Section).Get<Mem0Options>() ?? new Mem0Options();
        if (!options.IsConfigured)
            return services;

        if (!Uri.TryCreate(options.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl))
            throw new InvalidOperationException($"Mem0:BaseUrl '{options.BaseUrl}' is not an absolute URL.");

        services.AddSingleton(options);
        services.AddSingleton<Mem0Status>();
        services.AddHttpClient<Mem0MemoryLayer>(client =>
            {
                client.BaseAddress = baseUrl;
                // Per-attempt and per-search deadlines live in the pipeline and the adapter.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(PipelineName, (pipeline, context) =>
            {
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<Mem0MemoryLayer>();
                pipeline
                    .AddRetry(RetryOptions(options, logger))
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 4,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = options.BreakDuration,
                    })
                    .AddTimeout(options.AttemptTimeout);
            });
        services.AddTransient<IRemoteMemoryLayer>(provider => provider.GetRequiredService<Mem0MemoryLayer>());
        services.AddHostedService<Mem0StartupCheck>();
        services.AddHostedService<MemorySyncWorker>();
        return services;
    }

    // Reads, searches, polls and deletes are retried on 408/429/5xx and timeouts. An add is retried here only
    // on 429, which Mem0 answers before doing anything: after a 5xx or a timeout it may have stored the memory,
    // so the sync worker looks for it (by the metadata we attach) before it adds again.
    private static HttpRetryStrategyOptions RetryOptions(Mem0Options options, ILogger logger) => new()
    {
        MaxRetryAttempts = Math.Max(options.MaxRetries, 0) == 0 ? 1 : options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryBaseDelay,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args =>
        {
            if (options.MaxRetries <= 0)
                return ValueTask.FromResult(false);
            var isAdd = args.Context.GetRequestMessage() is { Method.Method: "POST" } request
                        && request.RequestUri?.AbsolutePath.EndsWith("/memories/add/", StringComparison.Ordinal) == true;
            var response = args.Outcome.Result;
            if (response?.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // A long Retry-After is waited out by the sync worker, not inside a call someone waits for.
                var wait = Mem0MemoryLayer.RetryAfter(response.Headers.RetryAfter);
                return ValueTask.FromResult(wait is null || wait <= options.MaxInlineRetryAfter);
            }

            return ValueTask.FromResult(!isAdd && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        },
        OnRetry = args =>
        {
            logger.LogWarning(
                args.Outcome.Exception,
                "Mem0 call attempt {Attempt} failed with {StatusCode}; retrying in {Delay}",
                args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode, args.RetryDelay);
            return ValueTask.CompletedTask;
        },
    };
}
