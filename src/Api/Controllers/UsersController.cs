using MediatR;
using MemoryAssistant.Api.RateLimiting;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Application.Users.Commands.EraseUserData;
using MemoryAssistant.Application.Users.Queries.ExportUserData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace MemoryAssistant.Api.Controllers;

/// <summary>"Your data in your hands": everything of one user, exported as a ZIP or erased.</summary>
[ApiController]
[Route("users")]
[RequireApiKey]
[EnableRateLimiting(RateLimitingRegistration.RestApiPolicy)]
public sealed class UsersController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// A ZIP of everything the user gave the assistant: interactions, memories, transcripts, reminders, named places
    /// and the media files, with a manifest (counts, and a SHA-256 per file). Streamed while it is made.
    /// </summary>
    [HttpGet("{id:long}/export")]
    [ProducesResponseType<FileResult>(StatusCodes.Status200OK, "application/zip")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Export(long id, CancellationToken cancellationToken) =>
        await mediator.Send(new ExportUserDataQuery(id), cancellationToken) is { } export
            ? new UserDataExportResult(export)
            : UnknownUser(id);

    /// <summary>
    /// Erases every row of the user in one transaction, their media files no one else sent, and (through the sync
    /// worker) their memories in Mem0. A memory they shared and someone accepted stays with the recipient.
    /// </summary>
    [HttpDelete("{id:long}")]
    [ProducesResponseType<ErasureSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Erase(long id, CancellationToken cancellationToken) =>
        await mediator.Send(new EraseUserDataCommand(id, ConfirmingMessageSid: null), cancellationToken) is { } summary
            ? Ok(summary)
            : UnknownUser(id);

    private ObjectResult UnknownUser(long id) =>
        Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No user with id {id}.");
}
