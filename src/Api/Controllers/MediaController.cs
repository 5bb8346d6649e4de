using MediatR;
using MemoryAssistant.Application.Media.Queries.GetMediaFile;
using Microsoft.AspNetCore.Mvc;

namespace MemoryAssistant.Api.Controllers;

/// <summary>Stored media behind signed, expiring links: Twilio fetches the photos the assistant sends back.</summary>
[ApiController]
[Route("media")]
public sealed class MediaController(IMediator mediator) : ControllerBase
{
    /// <summary>The blob, when <c>expires</c> is in the future and <c>sig</c> matches; 404 otherwise.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<FileResult>(StatusCodes.Status200OK, "application/octet-stream")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(long id, [FromQuery] long expires, [FromQuery] string? sig, CancellationToken cancellationToken)
    {
        var file = await mediator.Send(new GetMediaFileQuery(id, expires, sig ?? ""), cancellationToken);
        return PhysicalFile(file.Path, file.ContentType, enableRangeProcessing: true);
    }
}
