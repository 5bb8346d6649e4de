using System.Net;
using System.Security.Cryptography;
using System.Text;
using MemoryAssistant.Api.Security;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Simulator;

/// <summary>
/// The REST API's rule (see <see cref="RequireApiKeyAttribute"/>) for minimal endpoints: with no
/// <c>Api__Keys</c>, callers on this machine only; with keys, a matching <c>X-Api-Key</c>. The static page
/// holds no data, so with keys configured it is served to anyone (<paramref name="pageOnly"/>).
/// </summary>
internal sealed class SimulatorAccessFilter(bool pageOnly) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = http.RequestServices.GetRequiredService<IOptions<RestApiKeyOptions>>().Value.Keys.Where(k => !string.IsNullOrEmpty(k)).ToList();
        if (keys.Count == 0)
        {
            return IsLocalCaller(http)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API keys not configured",
                    detail: "With no Api__Keys configured, the simulator answers callers on this machine only.");
        }

        if (pageOnly)
            return await next(context);

        var given = http.Request.Headers[RequireApiKeyAttribute.HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(given))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send your key in the {RequireApiKeyAttribute.HeaderName} header.");

        // Hash first so every comparison has the same length; check all keys so timing reveals nothing.
        var givenHash = Hash(given);
        var match = false;
        foreach (var key in keys)
            match |= CryptographicOperations.FixedTimeEquals(givenHash, Hash(key));
        return match
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid API key", detail: $"The {RequireApiKeyAttribute.HeaderName} header does not match any configured key.");
    }

    // Loopback and not relayed: a local tunnel or proxy adds forwarding headers for the remote caller.
    private static bool IsLocalCaller(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        var relayed = http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded");
        return remote is not null && IPAddress.IsLoopback(remote) && !relayed;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
