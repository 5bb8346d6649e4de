using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace MemoryAssistant.Api.Security;

/// <summary>
/// The access rule of everything but the webhook: with keys configured, a matching <c>X-Api-Key</c> (compared
/// in constant time); with none, only callers on this machine (loopback, not relayed), so a fresh install is
/// never open to the network. Used by the controllers' <see cref="RequireApiKeyAttribute"/> and by minimal endpoints.
/// </summary>
public static class ApiAccess
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>Why a caller is turned away, as a ProblemDetails status, title and detail.</summary>
    public sealed record Denial(int Status, string Title, string Detail);

    public static byte[][] KeyHashes(RestApiKeyOptions options) =>
        options.Keys.Where(k => !string.IsNullOrEmpty(k)).Select(Hash).ToArray();

    /// <param name="http">The request being checked.</param>
    /// <param name="keyHashes">SHA-256 of each configured key (<see cref="KeyHashes"/>); empty when none is configured.</param>
    /// <param name="what">Named in the refusal ("the REST API", "the simulator").</param>
    /// <param name="keyNotNeeded">Serve without a key when keys are configured (a page that holds no data).</param>
    /// <returns>Null when the caller may proceed.</returns>
    public static Denial? Check(HttpContext http, byte[][] keyHashes, string what, bool keyNotNeeded = false)
    {
        if (keyHashes.Length == 0)
        {
            return IsLocalCaller(http)
                ? null
                : new Denial(StatusCodes.Status403Forbidden, "API keys not configured", $"With no Api__Keys configured, {what} answers callers on this machine only.");
        }

        if (keyNotNeeded)
            return null;
        var given = http.Request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(given))
            return new Denial(StatusCodes.Status401Unauthorized, "API key required", $"Send your key in the {HeaderName} header.");

        // Hash first so every comparison has the same length; check all keys so timing reveals nothing.
        var givenHash = Hash(given);
        var match = false;
        foreach (var keyHash in keyHashes)
            match |= CryptographicOperations.FixedTimeEquals(givenHash, keyHash);
        return match ? null : new Denial(StatusCodes.Status401Unauthorized, "Invalid API key", $"The {HeaderName} header does not match any configured key.");
    }

    /// <summary>
    /// Loopback, and not relayed: a tunnel or reverse proxy on this machine connects from 127.0.0.1 but
    /// adds forwarding headers for the real (remote) caller.
    /// </summary>
    public static bool IsLocalCaller(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        var relayed = http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded");
        return remote is not null && IPAddress.IsLoopback(remote) && !relayed;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
