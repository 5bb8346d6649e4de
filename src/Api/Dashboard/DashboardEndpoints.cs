using System.Collections.Frozen;

namespace MemoryAssistant.Api.Dashboard;

/// <summary>
/// <c>GET /dashboard</c>: a page that draws <c>/analytics/summary</c> and <c>/interactions/recent</c> in the browser.
/// The page and its assets hold no data, so they are open; the REST calls the page makes keep the API's access rules.
/// </summary>
public static class DashboardEndpoints
{
    private const string ResourcePrefix = "Dashboard.Assets.";

    // Same-origin only: no CDN, no inline script or style, so the page runs under a strict policy.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, Asset> Assets = LoadAssets();

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet("/dashboard", (HttpContext context) => Serve(context, "index.html")).ExcludeFromDescription();
        app.MapGet("/dashboard/assets/{name}", (HttpContext context, string name) => Serve(context, name)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
            return Results.NotFound();
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> LoadAssets()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(
                resource => resource[ResourcePrefix.Length..],
                resource =>
                {
                    using var stream = assembly.GetManifestResourceStream(resource)!;
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    return new Asset(buffer.ToArray(), ContentTypeOf(resource));
                },
                StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string resource) => Path.GetExtension(resource) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType);
}
