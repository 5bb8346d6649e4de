using MediatR;
using MemoryAssistant.Api.RateLimiting;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Application.Interactions.Queries.GetRecentInteractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace MemoryAssistant.Api.Controllers;

[ApiController]
[Route("interactions")]
[RequireApiKey]
[EnableRateLimiting(RateLimitingRegistration.RestApiPolicy)]
public sealed class InteractionsController(IMediator mediator) : ControllerBase
{
    /// <summary>The newest interactions (1–200), with the reply given and the memories each produced.</summary>
    [HttpGet("recent")]
    [ProducesResponseType<IReadOnlyList<InteractionDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public Task<IReadOnlyList<InteractionDto>> Recent([FromQuery] int limit = 20, [FromQuery] string? user = null, CancellationToken cancellationToken = default) =>
        mediator.Send(new GetRecentInteractionsQuery(limit, user), cancellationToken);
}
