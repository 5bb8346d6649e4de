using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace MemoryAssistant.Api.Errors;

/// <summary>ProblemDetails results from filters, shaped like every other error (type, traceId).</summary>
public static class Problems
{
    public static ObjectResult Result(HttpContext http, int status, string title, string detail)
    {
        var problem = http.RequestServices.GetRequiredService<ProblemDetailsFactory>().CreateProblemDetails(http, status, title, detail: detail);
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}
