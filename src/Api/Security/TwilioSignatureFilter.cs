using MemoryAssistant.Infrastructure.Twilio;
using MemoryAssistant.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Security;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> before anything is read into the application: a forged or unsigned
/// request gets 403 and writes nothing. The signed URL is rebuilt from <c>PublicBaseUrl</c>, because
/// behind a tunnel or proxy the address we see is not the one Twilio called.
/// </summary>
public sealed class TwilioSignatureFilter(IOptions<TwilioOptions> twilio, IConfiguration configuration, ILogger<TwilioSignatureFilter> logger) : IAsyncResourceFilter
{
    public const string HeaderName = "X-Twilio-Signature";

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var token = twilio.Value.AuthToken;
        if (string.IsNullOrEmpty(token))
        {
            // Only reachable in Development: start-up refuses to run elsewhere without a token.
            await next();
            return;
        }

        var request = context.HttpContext.Request;
        if (!request.HasFormContentType)
        {
            await next(); // the action's [Consumes] answers 415
            return;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            // Beyond the form limits (too many fields, a key or value too long): malformed, not our failure.
            context.Result = Problems.Result(context.HttpContext, StatusCodes.Status400BadRequest, "Malformed form", ex.Message);
            return;
        }

        if (!HasValidSignature(context.HttpContext, form, token, configuration["PublicBaseUrl"]))
        {
            logger.LogWarning("Rejected webhook request with a missing or invalid Twilio signature for {Url}", PublicUrl(request, configuration["PublicBaseUrl"]));
            context.Result = Problems.Result(context.HttpContext, StatusCodes.Status403Forbidden, "Invalid Twilio signature",
                $"The {HeaderName} header is missing or does not match this request.");
            return;
        }

        await next();
    }

    private static readonly object s_verdictKey = new();

    /// <summary>
    /// Whether the form carries Twilio's signature for this request, computed once per request: the rate limiter's
    /// sender partition asks first (<c>UseWebhookSenderPartition</c>), this filter again.
    /// </summary>
    public static bool HasValidSignature(HttpContext http, IFormCollection form, string token, string? publicBaseUrl)
    {
        if (http.Items.TryGetValue(s_verdictKey, out var known) && known is bool verdict)
            return verdict;
        var request = http.Request;
        var parameters = form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? "")));
        var valid = TwilioSignature.IsValid(token, PublicUrl(request, publicBaseUrl), parameters, request.Headers[HeaderName].FirstOrDefault());
        http.Items[s_verdictKey] = valid;
        return valid;
    }

    public static string PublicUrl(HttpRequest request, string? publicBaseUrl)
    {
        var pathAndQuery = request.PathBase + request.Path + request.QueryString;
        return string.IsNullOrWhiteSpace(publicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{pathAndQuery}"
            : publicBaseUrl.TrimEnd('/') + pathAndQuery;
    }
}
