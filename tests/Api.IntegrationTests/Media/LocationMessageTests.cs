using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Media;

public sealed class LocationMessageTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SharedLocation_IsRememberedWithItsPlace_AndFoundByName()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("", WhatsAppClient.NewMessageSid());
        form["Latitude"] = "38.7071";
        form["Longitude"] = "-9.1459";
        form["Label"] = "Time Out Market";
        form["Address"] = "Av. 24 de Julho 49, Lisboa";
        form["MessageType"] = "location";

        using var response = await whatsapp.PostAsync(form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync()).Should().Contain("Time Out Market");
        var memory = (await whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle().Subject;
        memory.Str("kind").Should().Be("location");
        memory.Str("content").Should().Contain("38.70710, -9.14590");
        (await whatsapp.SendAsync("where is the time out market?")).Should().Contain("Av. 24 de Julho");
    }

    [Fact]
    public async Task LocationOutOfRange_Returns400_AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("", WhatsAppClient.NewMessageSid());
        form["Latitude"] = "123.4";
        form["Longitude"] = "-9.1459";

        using var response = await whatsapp.PostAsync(form);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        _app.CountRows("interactions").Should().Be(0);
    }
}
