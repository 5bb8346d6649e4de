using System.Net.Http.Headers;
using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace MemoryAssistant.Infrastructure.Twilio;

public static class OutboundRegistration
{
    /// <summary>Name of the HttpClient resilience pipeline around Twilio sends.</summary>
    public const string PipelineName = "twilio-send";

    /// <summary>Attempts in all, the first included.</summary>
    public const int MaxAttempts = 3;

    // Honour Retry-After, but never let one header park a send (and the caller) for minutes.
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Registers <see cref="IOutboundMessenger"/>: <see cref="TwilioRestMessenger"/> when both Twilio:AccountSid and
    /// Twilio:AuthToken are set, otherwise <see cref="LocalOutboxMessenger"/>.
    /// </summary>
    public static IServiceCollection AddOutboundMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(TwilioSenderOptions.Section);
        services.AddOptions<TwilioSenderOptions>().Bind(section);

        var settings = section.Get<TwilioSenderOptions>() ?? new TwilioSenderOptions();
        if (!settings.HasCredentials)
        {
            services.AddSingleton<IOutboundMessenger, LocalOutboxMessenger>();
            return services;
        }

        services.AddHttpClient<TwilioRestMessenger>()
            .AddResilienceHandler(PipelineName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<TwilioSenderOptions>>().Value;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<TwilioRestMessenger>();
                pipeline.AddRetry(CreateRetryOptions(options.RetryBaseDelay, logger));
            });
        services.AddTransient<IOutboundMessenger>(provider => provider.GetRequiredService<TwilioRestMessenger>());
        return services;
    }

    // Default predicate: HttpRequestException, timeouts, 408, 429 and 5xx. POST is retried on purpose: Twilio
    // answers 429/5xx before it queues a message, and the caller would otherwise resend it later anyway.
    private static HttpRetryStrategyOptions CreateRetryOptions(TimeSpan baseDelay, ILogger logger) => new()
    {
        MaxRetryAttempts = MaxAttempts - 1,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = baseDelay,
        MaxDelay = s_maxRetryDelay,
        ShouldRetryAfterHeader = false,
        DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay(args.Outcome.Result?.Headers.RetryAfter)),
        OnRetry = args =>
        {
            logger.LogWarning(
                args.Outcome.Exception,
                "Twilio send attempt {Attempt} of {MaxAttempts} failed with {StatusCode}; retrying in {Delay}",
                args.AttemptNumber + 1, MaxAttempts, (int?)args.Outcome.Result?.StatusCode, args.RetryDelay);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>Delay Twilio asked for in Retry-After (seconds or a date), capped; null lets the back-off decide.</summary>
    internal static TimeSpan? RetryAfterDelay(RetryConditionHeaderValue? retryAfter)
    {
        var delay = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };

        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > s_maxRetryDelay ? s_maxRetryDelay : value;
    }
}
