using System.Globalization;
using MediatR;
using MemoryAssistant.Api.Contracts;
using MemoryAssistant.Api.Errors;
using MemoryAssistant.Api.RateLimiting;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;
using MemoryAssistant.Infrastructure.Twilio;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace MemoryAssistant.Api.Controllers;

/// <summary>Twilio's "a message comes in" webhook: a signed form in, TwiML out.</summary>
/// <remarks>A missing or wrong X-Twilio-Signature gets 403 before anything is read or written.</remarks>
[ApiController]
[Route("webhook")]
[EnableRateLimiting(RateLimitingRegistration.WebhookPolicy)]
public sealed class WebhookController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// A Twilio form is a few KB; 128 KB still holds the longest Body the validator accepts (10,000 characters,
    /// up to 9 bytes each once percent-encoded) with every other field. Larger requests get 413 before anything is read.
    /// </summary>
    public const long RequestLimitBytes = 128 * 1024;

    [HttpPost]
    [RequestSizeLimit(RequestLimitBytes)]
    [Consumes("application/x-www-form-urlencoded", "multipart/form-data")]
    [ServiceFilter<TwilioSignatureFilter>]
    [ProducesResponseType<string>(StatusCodes.Status200OK, Twiml.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IActionResult> Receive([FromForm] TwilioMessageForm message, CancellationToken cancellationToken)
    {
        // [Consumes] lets a request without any Content-Type through; it is not a Twilio form either.
        if (!Request.HasFormContentType)
        {
            return Problems.Result(HttpContext, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Twilio posts application/x-www-form-urlencoded.");
        }

        // The whole form is kept too: attachments are numbered fields, and Twilio adds fields without notice.
        var form = await Request.ReadFormAsync(cancellationToken);
        var reply = await mediator.Send(ToCommand(message, form), cancellationToken);
        return Content(reply.Text.Length == 0 ? Twiml.Empty() : Twiml.Message(reply.Text, reply.MediaUrls?.Select(u => u.AbsoluteUri)), Twiml.ContentType);
    }

    /// <summary>A location message carries Latitude and Longitude; unparsable numbers are not a location.</summary>
    private static InboundLocation? LocationOf(string? latitude, string? longitude, string? label, string? address) =>
        double.TryParse(latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
        && double.TryParse(longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            ? new InboundLocation(lat, lon, label, address)
            : null;

    /// <summary>The form as Twilio sends it; unknown fields are kept in the payload (Twilio adds fields without notice).</summary>
    private static ReceiveWhatsAppMessageCommand ToCommand(TwilioMessageForm message, IFormCollection form)
    {
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;

        // NumMedia may lie; the MediaUrl{n} fields actually present are what counts.
        var declared = int.TryParse(message.NumMedia, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var media = new List<InboundMedia>();
        for (var i = 0; i < Math.Max(declared, 0) + 1 && i <= ReceiveWhatsAppMessageCommandValidator.MaxAttachments; i++)
        {
            if (Field($"MediaUrl{i}") is { Length: > 0 } url)
                media.Add(new InboundMedia(url, Field($"MediaContentType{i}")));
        }

        return new ReceiveWhatsAppMessageCommand(
            message.MessageSid ?? Field("SmsMessageSid") ?? "",
            message.From ?? "",
            message.Body,
            message.ProfileName,
            message.WaId,
            media,
            form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal),
            LocationOf(Field("Latitude"), Field("Longitude"), Field("Label"), Field("Address")));
    }
}
