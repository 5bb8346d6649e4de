using System.Security.Cryptography;
using System.Text;
using MemoryAssistant.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Security;

/// <summary>
/// REST access: with keys configured, a matching <c>X-Api-Key</c> (compared in constant time); with none,
/// only callers on this machine (loopback), so a fresh install is never open to the network.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequireApiKeyAttribute : Attribute, IFilterFactory
{
    public const string HeaderName = "X-Api-Key";

    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new ApiKeyFilter(serviceProvider.GetRequiredService<IOptions<RestApiKeyOptions>>().Value);

    private sealed class ApiKeyFilter(RestApiKeyOptions options) : IAuthorizationFilter
    {
        private readonly byte[][] _keyHashes = options.Keys.Where(k => !string.IsNullOrEmpty(k)).Select(Hash).ToArray();

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (_keyHashes.Length == 0)
            {
                if (IsLocalCaller(http))
                    return;
                context.Result = Problem(http, StatusCodes.Status403Forbidden, "API keys not configured",
                    "With no Api__Keys configured, the REST API answers callers on this machine only.");
                return;
            }

            var given = http.Request.Headers[HeaderName].FirstOrDefault();
            if (string.IsNullOrEmpty(given))
            {
                context.Result = Problem(http, StatusCodes.Status401Unauthorized, "API key required", $"Send your key in the {HeaderName} header.");
                return;
            }

            // Hash first so every comparison has the same length; check all keys so timing reveals nothing.
            var givenHash = Hash(given);
            var match = false;
            foreach (var keyHash in _keyHashes)
                match |= CryptographicOperations.FixedTimeEquals(givenHash, keyHash);
            if (!match)
                context.Result = Problem(http, StatusCodes.Status401Unauthorized, "Invalid API key", $"The {HeaderName} header does not match any configured key.");
        }

        /// <summary>
        /// Loopback, and not relayed: a tunnel or reverse proxy on this machine connects from 127.0.0.1 but
        /// adds forwarding headers for the real (remote) caller.
        /// </summary>
        private static bool IsLocalCaller(HttpContext http)
        {
            var remote = http.Connection.RemoteIpAddress;
            var relayed = http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded");
            return remote is not null && System.Net.IPAddress.IsLoopback(remote) && !relayed;
        }

        private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

        private static ObjectResult Problem(HttpContext http, int status, string title, string detail) =>
            Problems.Result(http, status, title, detail);
    }
}
