using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Dapper;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.Twilio;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by who is asking: the WhatsApp sender on <c>/webhook</c> (one chatty
/// sender never slows the others) and the API key or client address on the REST API.
/// </summary>
public static class RateLimitingRegistration
{
    /// <summary>On the webhook controller.</summary>
    public const string WebhookPolicy = "webhook-sender";

    /// <summary>On the REST controllers.</summary>
    public const string RestApiPolicy = "rest-api";

    /// <summary>HttpContext item holding the signed sender's number, set by <see cref="UseWebhookSenderPartition"/>.</summary>
    internal const string SenderItem = "MemoryAssistant.RateLimiting.Sender";

    /// <summary>What a sender over the limit is told (their message is not recorded; they can send it again).</summary>
    public const string SlowDownReply =
        "You're sending messages very fast — give me a moment… I didn't save that last one, so please send it again in a minute.";

    public static IServiceCollection AddSenderAndApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.Section))
            .Validate(o => o.PerSenderPerMinute is >= 1 and <= 60_000 && o.SenderBurst >= 1, "RateLimiting:PerSenderPerMinute (1–60000) and RateLimiting:SenderBurst (≥ 1) must be positive.")
            .Validate(o => o.ApiPerMinute is >= 1 and <= 60_000 && o.ApiBurst >= 1, "RateLimiting:ApiPerMinute (1–60000) and RateLimiting:ApiBurst (≥ 1) must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, WebhookSenderLimiter>(WebhookPolicy);
            options.AddPolicy<string, RestApiLimiter>(RestApiPolicy);
        });
        return services;
    }

    /// <summary>
    /// Before the rate limiter: reads the webhook's form (buffered, so model binding reads it again from the cache)
    /// to learn the sender. Only a correctly signed request names a sender, so forged posts cannot spend someone
    /// else's allowance; the signature filter turns those away later anyway.
    /// </summary>
    public static IApplicationBuilder UseWebhookSenderPartition(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/webhook", StringComparison.OrdinalIgnoreCase)
                && request.HasFormContentType
                && context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
            {
                // The webhook's size limit must hold before this first read: the controller's attribute would come too late.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                    size.MaxRequestBodySize = Controllers.WebhookController.RequestLimitBytes;
                request.EnableBuffering();
                try
                {
                    var form = await request.ReadFormAsync(context.RequestAborted);
                    if (IsSigned(context, form) && WhatsAppNumber.TryParse(form["From"].ToString(), out var sender)
                        && !await IsRedeliveryAsync(context, form["MessageSid"].ToString()))
                        context.Items[SenderItem] = sender;
                }
                catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
                {
                    // A malformed or oversized form is the controller's to refuse, with its usual answer.
                    request.Body.Position = 0;
                }
            }

            await next(context);
        });

    /// <summary>
    /// Twilio delivering a message again (a retry, the fallback URL) must get the reply it got the first time, never
    /// "slow down": a MessageSid already recorded costs nothing of the sender's allowance.
    /// </summary>
    private static async Task<bool> IsRedeliveryAsync(HttpContext context, string messageSid)
    {
        if (string.IsNullOrEmpty(messageSid))
            return false;
        await using var connection = await context.RequestServices.GetRequiredService<IReadDbConnectionFactory>().OpenAsync(context.RequestAborted);
        return await connection.ExecuteScalarAsync<long?>("SELECT 1 FROM interactions WHERE message_sid = @messageSid LIMIT 1", new { messageSid }) is not null;
    }

    private static bool IsSigned(HttpContext context, IFormCollection form)
    {
        var token = context.RequestServices.GetRequiredService<IOptions<TwilioOptions>>().Value.AuthToken;
        if (string.IsNullOrEmpty(token))
            return true; // Development without a token: the signature filter lets everything in too.
        return TwilioSignatureFilter.HasValidSignature(context, form, token, context.RequestServices.GetRequiredService<IConfiguration>()["PublicBaseUrl"]);
    }

    private static TokenBucketRateLimiterOptions Bucket(int perMinute, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / perMinute),
        AutoReplenishment = true,
        QueueLimit = 0,
    };

    /// <summary>Per signed sender; over the limit, a 200 with a friendly TwiML reply so Twilio does not retry, and nothing recorded.</summary>
    private sealed class WebhookSenderLimiter(IOptions<RateLimitingOptions> options, ILogger<WebhookSenderLimiter> logger) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            var sender = http.Items[SenderItem] as WhatsAppNumber;
            logger.LogWarning("Rate limit: message from {Sender} not processed (more than {PerMinute}/min, burst {Burst})",
                sender?.Masked ?? "(unknown)", options.Value.PerSenderPerMinute, options.Value.SenderBurst);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = Twiml.ContentType;
            await http.Response.WriteAsync(Twiml.Message(SlowDownReply), cancellationToken);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var settings = options.Value;
            if (!settings.Enabled || httpContext.Items[SenderItem] is not WhatsAppNumber sender)
                return RateLimitPartition.GetNoLimiter("");
            return RateLimitPartition.GetTokenBucketLimiter("sender:" + sender.Value, _ => Bucket(settings.PerSenderPerMinute, settings.SenderBurst));
        }
    }

    /// <summary>Per valid API key, else per client address; over the limit, 429 ProblemDetails with Retry-After.</summary>
    private sealed class RestApiLimiter(IOptions<RateLimitingOptions> options, IOptions<RestApiKeyOptions> keys, ILogger<RestApiLimiter> logger) : IRateLimiterPolicy<string>
    {
        private readonly byte[][] _keyHashes = ApiAccess.KeyHashes(keys.Value);

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            var settings = options.Value;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
                ? wait
                : TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / settings.ApiPerMinute);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            logger.LogWarning("Rate limit: {Method} {Path} refused with 429 (more than {PerMinute}/min)", http.Request.Method, http.Request.Path, settings.ApiPerMinute);
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"More than {settings.ApiPerMinute} requests per minute (bursts of {settings.ApiBurst}); try again in {seconds} s.",
                },
            });
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var settings = options.Value;
            if (!settings.Enabled)
                return RateLimitPartition.GetNoLimiter("");
            return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(httpContext), _ => Bucket(settings.ApiPerMinute, settings.ApiBurst));
        }

        // A valid key is its own bucket (by hash: the key itself stays out of memory dumps); anything else counts
        // against the caller's address, so inventing keys does not buy fresh buckets.
        private string PartitionKey(HttpContext http)
        {
            var given = http.Request.Headers[ApiAccess.HeaderName].FirstOrDefault();
            if (_keyHashes.Length > 0 && !string.IsNullOrEmpty(given))
            {
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
                if (_keyHashes.Any(k => CryptographicOperations.FixedTimeEquals(k, hash)))
                    return "key:" + Convert.ToHexString(hash, 0, 8);
            }

            return "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        }
    }
}
