using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>Small helpers for the REST side: JSON bodies, ProblemDetails checks, adding memories.</summary>
public static class RestApi
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The response body as a detached JSON element.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 answer with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was: {0}", text);
        response.Content.Headers.ContentType?.MediaType.Should().Be(ProblemJson, "errors are ProblemDetails; the body was: {0}", text);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.TryGetProperty("title", out _).Should().BeTrue("a ProblemDetails has a title");
        return problem;
    }

    /// <summary>The messages of a validation problem for one field (the names callers use, e.g. "text").</summary>
    public static IReadOnlyList<string> ErrorsFor(this JsonElement problem, string field)
    {
        problem.TryGetProperty("errors", out var errors).Should().BeTrue("a validation problem lists its errors: {0}", problem);
        errors.TryGetProperty(field, out var messages).Should().BeTrue("the errors should name the field '{0}': {1}", field, errors);
        return messages.EnumerateArray().Select(m => m.GetString() ?? "").ToList();
    }

    public static async Task<HttpResponseMessage> PostMemoryAsync(this HttpClient http, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/memories") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await http.SendAsync(request);
    }

    /// <summary>Adds a memory and returns it (the first of the created memories).</summary>
    public static async Task<JsonElement> AddMemoryAsync(this HttpClient http, string user, string text, string? occurredAt = null, string[]? tags = null)
    {
        using var response = await http.PostMemoryAsync(new { user, text, occurredAt, tags });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, "adding a memory should work; the body was: {0}", body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("memories")[0].Clone();
    }

    /// <summary>Every memory of a user, newest first (one page of up to 200).</summary>
    public static async Task<IReadOnlyList<JsonElement>> ListMemoriesAsync(this HttpClient http, string user, string? kind = null)
    {
        var url = $"/memories/list?limit=200&user={Uri.EscapeDataString(user)}" + (kind is null ? "" : $"&kind={kind}");
        var page = await http.GetFromJsonAsync<JsonElement>(url);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    public static async Task<IReadOnlyList<JsonElement>> RecentInteractionsAsync(this HttpClient http, string user, int limit = 200)
    {
        var items = await http.GetFromJsonAsync<JsonElement>($"/interactions/recent?limit={limit}&user={Uri.EscapeDataString(user)}");
        return items.EnumerateArray().ToList();
    }

    /// <summary><c>GET /memories?query=…&amp;user=…</c>, expecting 200.</summary>
    public static async Task<JsonElement> SearchAsync(this HttpClient http, string user, string query, int limit = 10)
    {
        using var response = await http.GetAsync($"/memories?query={Uri.EscapeDataString(query)}&user={Uri.EscapeDataString(user)}&limit={limit}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "searching should work; the body was: {0}", body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static IReadOnlyList<string> HitContents(this JsonElement searchResult) =>
        searchResult.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("memory").GetProperty("content").GetString()!).ToList();

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>Rows in one table of the app's SQLite file, read directly (not through the API under test).</summary>
    public static long CountRows(this ApiFactory app, string table)
    {
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table.Replace("\"", "", StringComparison.Ordinal)}\"";
        return (long)command.ExecuteScalar()!;
    }
}
