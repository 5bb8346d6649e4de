using System.Net.Http.Json;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>
/// Where the engine's vectors come from, and what happens when they cannot: a missing model file, a model
/// that arrives later (every memory is embedded at start-up), and an OpenAI-compatible embeddings API.
/// </summary>
public sealed class EmbeddingsTests
{
    private const string User = "+351912345678";

    [Fact]
    public async Task MissingModel_AppStarts_HealthSaysWhy_AndKeywordSearchStillAnswers()
    {
        using var app = new ApiFactory(new Dictionary<string, string?> { ["Embeddings:ModelPath"] = "/nonexistent/wink-glove-sg-100d.bin" });
        var whatsapp = app.CreateWhatsAppClient(User);
        await whatsapp.SendAsync("Dinner plan: pasta carbonara tonight");

        var health = await whatsapp.Http.GetFromJsonAsync<JsonElement>("/health");
        var search = await whatsapp.Http.SearchAsync(User, "dinner");

        var embeddings = health.GetProperty("checks").GetProperty("embeddings");
        embeddings.Str("status").Should().Be("Degraded");
        embeddings.Str("description").Should().Contain("missing").And.Contain("make setup");
        search.HitContents().Should().ContainSingle().Which.Should().Contain("carbonara");
    }

    [Fact]
    public async Task ModelArrivesLater_StartUpEmbedsEveryMemory_AndMeaningIsFound()
    {
        var data = Directory.CreateTempSubdirectory("embeddings-later-").FullName;
        try
        {
            using (var keywordsOnly = new ApiFactory(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data, ["Embeddings:Provider"] = "none" }))
            {
                var client = keywordsOnly.CreateWhatsAppClient(User);
                await client.SendAsync("New haircut today, much shorter on the sides");
                await client.SendAsync("Renew the car insurance before Friday");
                (await client.Http.SearchAsync(User, "hairstyle")).HitContents().Should().BeEmpty("keywords alone do not know a haircut is a hairstyle");
            }

            using var hybrid = new ApiFactory(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
            var http = hybrid.CreateHttpClient();

            (await Eventually.TrueAsync(async () =>
            {
                var health = await http.GetFromJsonAsync<JsonElement>("/health");
                return health.GetProperty("checks").GetProperty("embeddings").GetProperty("data").GetProperty("vectors").GetInt64() == 2;
            })).Should().BeTrue("the start-up backfill embeds memories saved without a model");
            (await http.SearchAsync(User, "hairstyle")).HitContents()[0].Should().Contain("haircut");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAiCompatibleEmbeddings_AreAskedForAfterTheCommit_AndStoredWithTheirModel()
    {
        await using var server = await FakeOpenAiChatServer.StartAsync();
        server.Respond = Embeddings;
        using var app = new ApiFactory(new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "openai",
            ["OpenAI:ApiKey"] = "sk-test-embeddings",
            ["OpenAI:BaseUrl"] = server.BaseUrl.ToString(),
        });
        var whatsapp = app.CreateWhatsAppClient(User);

        await whatsapp.SendAsync("Spare key is under the blue flower pot");

        (await Eventually.TrueAsync(() => VectorModels(app).Count == 1)).Should().BeTrue("the backfill embeds the memory after its commit");
        VectorModels(app).Should().Equal("text-embedding-3-small");
        var request = server.Requests.Should().Contain(r => r.Path == "/v1/embeddings" && r.Body.Contains("flower pot", StringComparison.Ordinal)).Subject;
        request.Authorization.Should().Be("Bearer sk-test-embeddings");
        var search = await whatsapp.Http.SearchAsync(User, "where is the spare key?");
        search.HitContents().Should().ContainSingle().Which.Should().Contain("flower pot");
        server.Requests.Should().Contain(r => r.Path == "/v1/embeddings" && r.Body.Contains("spare key", StringComparison.Ordinal), "the question is embedded too");
    }

    private static List<string> VectorModels(ApiFactory app)
    {
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT model FROM memory_vectors";
        using var reader = command.ExecuteReader();
        var models = new List<string>();
        while (reader.Read())
            models.Add(reader.GetString(0));
        return models;
    }

    /// <summary>
    /// <c>POST /v1/embeddings</c> as OpenAI documents it: each input becomes a 64-dimension vector of hashed words,
    /// so texts sharing words are near each other. Anything else (the same key turns on the chat model) is 404.
    /// </summary>
    private static string? Embeddings(FakeOpenAiChatServer.RecordedRequest request)
    {
        if (request.Path != "/v1/embeddings")
            return null;
        using var document = JsonDocument.Parse(request.Body);
        var input = document.RootElement.GetProperty("input");
        var texts = input.ValueKind == JsonValueKind.Array ? input.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [input.GetString() ?? ""];
        return JsonSerializer.Serialize(new
        {
            @object = "list",
            data = texts.Select((text, index) => new { @object = "embedding", index, embedding = Vector(text) }).ToList(),
            model = document.RootElement.GetProperty("model").GetString(),
            usage = new { prompt_tokens = 8, total_tokens = 8 },
        });
    }

    private static float[] Vector(string text)
    {
        var vector = new float[64];
        foreach (var word in text.ToLowerInvariant().Split([' ', ',', '.', '?', '!'], StringSplitOptions.RemoveEmptyEntries))
            vector[(int)((uint)StableHash(word) % 64)] += 1;
        return vector;
    }

    private static int StableHash(string word)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in word)
                hash = (hash * 31) + c;
            return hash;
        }
    }
}
