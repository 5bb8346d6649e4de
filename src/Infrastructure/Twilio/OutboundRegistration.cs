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
    /// Twilio:AuthToken are set, otherwise <see cref="LocalOutboxMessenger"/>. Twilio:ReminderContentSid and
    /// Twilio:DigestContentSid, when set, are checked at start-up.
    /// </summary>
    public static IServiceCollection AddOutboundMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(TwilioSenderOptions.Section);
        // Validated whichever sender is used: a template sid that is wrong today would only show once credentials are
        // added, on the first reminder outside the 24-hour window.
        services.AddOptions<TwilioSenderOptions>()
            .Bind(section)
            .PostConfigure(o =>
            {
                // Trimmed like the other Twilio settings; an empty value (e.g. "Twilio__ReminderContentSid=") means unset.
                o.ReminderContentSid = NullIfBlank(o.ReminderContentSid);
                o.DigestContentSid = NullIfBlank(o.DigestContentSid);
            })
            .Validate(o => IsUnsetOrContentSid(o.ReminderContentSid), ContentSidMessage(nameof(TwilioSenderOptions.ReminderContentSid)))
            .Validate(o => IsUnsetOrContentSid(o.DigestContentSid), ContentSidMessage(nameof(TwilioSenderOptions.DigestContentSid)))
            .ValidateOnStart();

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

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsUnsetOrContentSid(string? value) => value is null || OutboundMessageRules.IsContentSid(value);

    private static string ContentSidMessage(string name) =>
        $"{TwilioSenderOptions.Section}:{name} must be a Twilio Content sid: HX followed by 32 hex digits.";

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
