using MemoryAssistant.Api.Security;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Simulator;

/// <summary>
/// The REST API's access rule (<see cref="ApiAccess"/>) for the simulator's minimal endpoints. The static page
/// holds no data, so with keys configured it is served to anyone (<paramref name="pageOnly"/>).
/// </summary>
internal sealed class SimulatorAccessFilter(bool pageOnly) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = ApiAccess.KeyHashes(http.RequestServices.GetRequiredService<IOptions<RestApiKeyOptions>>().Value);
        return ApiAccess.Check(http, keys, "the simulator", keyNotNeeded: pageOnly) is { } denial
            ? Results.Problem(statusCode: denial.Status, title: denial.Title, detail: denial.Detail)
            : await next(context);
    }
}
