using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests;

public sealed class WebhookTextPathTests : IDisposable
{
    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Note_ThenQuestion_AnswersWithTheMemoryAndItsLocalTime()
    {
        var whatsapp = _app.CreateWhatsAppClient("+351912345678");

        var saved = await whatsapp.SendAsync("Dinner plan: pasta carbonara tonight, get pancetta");
        var answer = await whatsapp.SendAsync("What did I plan for dinner?");

        saved.Should().StartWith("✅ Saved").And.Contain("pasta carbonara");
        answer.Should().Contain("pasta carbonara").And.Contain("Tue 24 Nov, 10:00");
    }

    [Fact]
    public async Task SameMessageSid_TwentyConcurrentDeliveries_CreateOneInteractionAndOneMemory()
    {
        var whatsapp = _app.CreateWhatsAppClient("+447700900123");
        var form = whatsapp.Form("Passport renewal due in March", WhatsAppClient.NewMessageSid());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => whatsapp.PostAsync(form)));
        var replies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        replies.Select(WhatsAppClient.ReplyText).Distinct().Should().ContainSingle().Which.Should().Contain("Passport renewal");
        var http = whatsapp.Http;
        var interactions = await http.GetFromJsonAsync<JsonElement>("/interactions/recent?limit=200&user=%2B447700900123");
        interactions.GetArrayLength().Should().Be(1);
        interactions[0].GetProperty("duplicateDeliveries").GetInt32().Should().Be(19);
        var memories = await http.GetFromJsonAsync<JsonElement>("/memories/list?user=%2B447700900123");
        memories.GetProperty("items").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task ForgedSignature_Returns403AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient("+14155550123");

        using var forged = await whatsapp.PostAsync(whatsapp.Form("forged note", WhatsAppClient.NewMessageSid()), signature: "bm90IGEgc2lnbmF0dXJl");
        using var missing = await whatsapp.PostAsync(whatsapp.Form("unsigned note", WhatsAppClient.NewMessageSid()), signature: "");

        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        missing.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var interactions = await whatsapp.Http.GetFromJsonAsync<JsonElement>("/interactions/recent");
        interactions.GetArrayLength().Should().Be(0);
    }
}
