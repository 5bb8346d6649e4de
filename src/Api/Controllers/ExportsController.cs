using MediatR;
using MemoryAssistant.Application.Users.Queries.ExportUserData;
using Microsoft.AspNetCore.Mvc;

namespace MemoryAssistant.Api.Controllers;

/// <summary>A user's data export behind a signed, expiring link: what the assistant sends on WhatsApp.</summary>
[ApiController]
[Route("exports")]
public sealed class ExportsController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// The same ZIP as <c>GET /users/{id}/export</c>, when <c>expires</c> is in the future and <c>sig</c> matches;
    /// 404 otherwise. No API key: the signature is the authorisation.
    /// </summary>
    [HttpGet("{externalId}")]
    [ProducesResponseType<FileResult>(StatusCodes.Status200OK, "application/zip")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(string externalId, [FromQuery] long expires, [FromQuery] string? sig, CancellationToken cancellationToken) =>
        // A bad or expired signature looks exactly like an erased user: a link reveals nothing.
        await mediator.Send(new ExportUserDataByLinkQuery(externalId, expires, sig ?? ""), cancellationToken) is { } export
            ? new UserDataExportResult(export)
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such export, or the link has expired.");
}
