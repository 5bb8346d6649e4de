using MediatR;
using MemoryAssistant.Api.Contracts;
using MemoryAssistant.Api.RateLimiting;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Application.Memories.Commands.AddMemory;
using MemoryAssistant.Application.Memories.Commands.UploadMemory;
using MemoryAssistant.Application.Memories.Queries.ListMemories;
using MemoryAssistant.Application.Memories.Queries.SearchMemories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace MemoryAssistant.Api.Controllers;

[ApiController]
[Route("memories")]
[RequireApiKey]
[EnableRateLimiting(RateLimitingRegistration.RestApiPolicy)]
public sealed class MemoriesController(IMediator mediator) : ControllerBase
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Ten files of WhatsApp's largest size, plus the form around them.</summary>
    public const long UploadLimitBytes = 10L * 16 * 1024 * 1024 + 1024 * 1024;

    /// <summary>A JSON memory: a note of at most a few thousand characters and its tags, with room to spare.</summary>
    public const long JsonLimitBytes = 256 * 1024;

    /// <summary>Adds a memory. With an Idempotency-Key, a retry returns the first result and creates nothing.</summary>
    [HttpPost]
    [Consumes("application/json")]
    [RequestSizeLimit(JsonLimitBytes)]
    [ProducesResponseType<AddMemoryResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<AddMemoryResult>> Add(
        [FromBody] AddMemoryRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new AddMemoryCommand(request.User, request.Text, request.OccurredAt, request.Tags, idempotencyKey), cancellationToken);
        if (result.Replayed)
            Response.Headers[ReplayedHeader] = "true";
        return Created($"/memories/list?user={Uri.EscapeDataString(request.User)}", result);
    }

    /// <summary>
    /// Adds memories from files (photos, voice notes, documents) with optional text: checked by their bytes,
    /// stored once, understood by the same pipeline as WhatsApp media. Waits the media reply budget.
    /// </summary>
    [HttpPost]
    [Consumes("multipart/form-data")]
    [RequestSizeLimit(UploadLimitBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadLimitBytes)]
    [ProducesResponseType<AddMemoryResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<AddMemoryResult>> Upload(
        [FromForm] string user, [FromForm] string? text, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var files = new List<UploadedFile>();
        foreach (var file in Request.Form.Files)
        {
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            files.Add(new UploadedFile(file.FileName, file.ContentType, buffer.ToArray()));
        }

        var result = await mediator.Send(new UploadMemoryCommand(user, text, files, idempotencyKey), cancellationToken);
        if (result.Replayed)
            Response.Headers[ReplayedHeader] = "true";
        return Created($"/memories/list?user={Uri.EscapeDataString(user)}", result);
    }

    /// <summary>Searches memories in plain language; time phrases ("last week") are read in the user's zone.</summary>
    [HttpGet]
    [ProducesResponseType<SearchMemoriesResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<SearchMemoriesResult> Search(
        [FromQuery] string? query, [FromQuery] string? user, [FromQuery] int limit = 10, [FromQuery] string? tz = null, CancellationToken cancellationToken = default) =>
        mediator.Send(new SearchMemoriesQuery(query ?? "", user, limit, tz), cancellationToken);

    /// <summary>Lists memories from the database, newest first, with cursor paging and kind and tag filters.</summary>
    [HttpGet("list")]
    [ProducesResponseType<MemoryPage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<MemoryPage> List(
        [FromQuery] string? user, [FromQuery] int limit = 20, [FromQuery] string? cursor = null, [FromQuery] string? kind = null,
        [FromQuery] string? tag = null, CancellationToken cancellationToken = default) =>
        mediator.Send(new ListMemoriesQuery(user, limit, cursor, kind, tag), cancellationToken);
}
