using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>/health, the OpenAPI document, the reference page, and 404s as ProblemDetails.</summary>
public sealed class HealthAndDocsTests : IDisposable
{
    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Health_ReportsTheDatabaseAndTheEmbeddedMemoryLayer()
    {
        var whatsapp = _app.CreateWhatsAppClient("+351912345678");
        await whatsapp.SendAsync("Spare key is under the blue flower pot");

        using var response = await whatsapp.Http.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        var health = await response.JsonAsync();
        health.Str("status").Should().Be("Healthy");
        var checks = health.GetProperty("checks");
        var database = checks.GetProperty("database");
        database.Str("status").Should().Be("Healthy");
        checks.GetProperty("jobs").Str("status").Should().Be("Healthy");
        database.GetProperty("data").GetProperty("memories").GetInt64().Should().Be(1);
        database.GetProperty("data").GetProperty("indexed").GetInt64().Should().Be(1);
        var memoryLayer = checks.GetProperty("memoryLayer");
        memoryLayer.Str("status").Should().Be("Healthy");
        memoryLayer.GetProperty("data").Str("layer").Should().Be("embedded");
    }

    [Fact]
    public async Task Health_WhenAMediaJobGaveUp_IsDegradedAndSaysWhere()
    {
        var http = _app.CreateHttpClient();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_app.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO jobs (kind, status, attempts, max_attempts, run_after, created_at, last_error) VALUES ('process-media', 'failed', 5, 5, 0, 0, 'HttpRequestException: down')";
            await insert.ExecuteNonQueryAsync();
        }

        var health = await (await http.GetAsync("/health")).JsonAsync();

        health.Str("status").Should().Be("Degraded");
        health.GetProperty("checks").GetProperty("jobs").Str("description").Should().Contain("gave up");
    }

    [Fact]
    public async Task OpenApiDocument_ListsThePublicPaths()
    {
        var http = _app.CreateHttpClient();

        using var response = await http.GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = await response.JsonAsync();
        document.Str("openapi").Should().StartWith("3.");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/webhook", "/memories", "/memories/list", "/interactions/recent", "/analytics/summary"]);
        document.GetProperty("paths").GetProperty("/webhook").TryGetProperty("post", out _).Should().BeTrue();
        document.GetProperty("paths").GetProperty("/memories").TryGetProperty("post", out _).Should().BeTrue();
        document.GetProperty("paths").GetProperty("/memories").TryGetProperty("get", out _).Should().BeTrue();
        var apiKey = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        apiKey.Str("in").Should().Be("header");
        apiKey.Str("name").Should().Be("X-Api-Key");
    }

    [Fact]
    public async Task ReferencePage_IsHtml()
    {
        var http = _app.CreateHttpClient();

        using var scalar = await http.GetAsync("/scalar");
        using var root = await http.GetAsync("/");

        scalar.StatusCode.Should().Be(HttpStatusCode.OK);
        scalar.Content.Headers.ContentType?.MediaType.Should().Be("text/html");
        (await scalar.Content.ReadAsStringAsync()).Should().Contain("<html", "the reference page is an HTML document");
        root.StatusCode.Should().Be(HttpStatusCode.OK, "/ redirects to the reference page");
        root.Content.Headers.ContentType?.MediaType.Should().Be("text/html");
    }

    [Fact]
    public async Task UnknownPath_Returns404ProblemDetails()
    {
        var http = _app.CreateHttpClient();

        using var response = await http.GetAsync("/memories/does-not-exist");
        using var other = await http.GetAsync("/nothing/here");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await other.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
