using MediatR;
using MemoryAssistant.Api.RateLimiting;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Application.Analytics.Queries.GetAnalyticsSummary;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace MemoryAssistant.Api.Controllers;

[ApiController]
[Route("analytics")]
[RequireApiKey]
[EnableRateLimiting(RateLimitingRegistration.RestApiPolicy)]
public sealed class AnalyticsController(IMediator mediator) : ControllerBase
{
    /// <summary>Totals by kind, memories per local day, top tags, duplicates absorbed, media reused, last ingest.</summary>
    [HttpGet("summary")]
    [ProducesResponseType<AnalyticsSummaryDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public Task<AnalyticsSummaryDto> Summary([FromQuery] string? user = null, [FromQuery] int days = 30, CancellationToken cancellationToken = default) =>
        mediator.Send(new GetAnalyticsSummaryQuery(user, days), cancellationToken);
}
