using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Simulator;

public sealed class SimulatorEndpointTests : IDisposable
{
    private const string User = "+351911222333";
    private readonly string _work = Directory.CreateTempSubdirectory("simulator-tests").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task PostMessage_WhenText_ThenGoesThroughTheSignedWebhookAndReturnsTheReply()
    {
        using var app = new ApiFactory();
        var http = app.CreateHttpClient();

        using var response = await http.PostAsync("/simulator/messages", Form("Dinner plan: pasta carbonara tonight"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.Str("messageSid").Should().MatchRegex("^SM[0-9a-f]{32}$");
        body.Str("reply").Should().StartWith("✅ Saved").And.Contain("pasta carbonara");
        (await http.ListMemoriesAsync(User)).Should().ContainSingle();
    }

    [Fact]
    public async Task PostMessage_WhenPhoto_ThenTheMediaPipelineDownloadsItFromTheSimulatorAndRemembersIt()
    {
        // Without PublicBaseUrl the attachment URL is this server's own loopback address.
        using var app = new ApiFactory(new Dictionary<string, string?> { ["PublicBaseUrl"] = null });
        var http = app.CreateHttpClient();
        var photo = await MediaFiles.PhotoAsync(_work, "MILK EGGS BREAD");
        using var form = Form("shopping list on the fridge");
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "fridge.jpg");

        using var response = await http.PostAsync("/simulator/messages", form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var reply = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("reply");
        var said = reply;
        (await Eventually.TrueAsync(async () =>
        {
            var outbox = await http.GetFromJsonAsync<JsonElement>($"/simulator/outbox?user={Uri.EscapeDataString(User)}&after=0");
            said = string.Join("\n", outbox.GetProperty("messages").EnumerateArray().Select(m => m.Str("body")).Prepend(reply));
            return said.Contains("📷 Saved your photo", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60))).Should().BeTrue($"the reply or a later message says the photo was saved, but got: {said}");
        (await http.ListMemoriesAsync(User)).Should().Contain(m => m.ToString().Contains("shopping list on the fridge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostMessage_WhenABrowserRecordedVoiceNote_ThenTheWebmIsTranscribedAndRemembered()
    {
        using var app = new ApiFactory(new Dictionary<string, string?> { ["PublicBaseUrl"] = null });
        var http = app.CreateHttpClient();
        var voice = await MediaFiles.BrowserVoiceNoteAsync(_work, "buy milk eggs and bread for dinner tonight");
        using var form = Form("");
        var file = new ByteArrayContent(voice);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/webm");
        form.Add(file, "file", "voice.webm");

        using var response = await http.PostAsync("/simulator/messages", form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Eventually.TrueAsync(async () => (await http.ListMemoriesAsync(User)).Any(m => m.Str("kind") == "audio"), TimeSpan.FromSeconds(60)))
            .Should().BeTrue("a WebM recording is a voice note like WhatsApp's OGG ones");
    }

    [Fact]
    public async Task Simulator_WhenNotDevelopment_ThenIsNotMapped()
    {
        using var app = new ApiFactory(environment: "Production");
        var http = app.CreateHttpClient();

        (await http.GetAsync("/simulator")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.PostAsync("/simulator/messages", Form("hello"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("..%2Fmemoryassistant.db")]
    [InlineData("%2E%2E%2F%2E%2E%2Fetc%2Fpasswd")]
    [InlineData("0123456789abcdef0123456789abcdef.jpg")]
    public async Task GetMedia_WhenNameWasNotCreatedByTheSimulator_Then404(string name)
    {
        using var app = new ApiFactory();
        var http = app.CreateHttpClient();

        (await http.GetAsync("/simulator/media/" + name)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Page_WhenRequested_ThenServesTheEmbeddedAssets()
    {
        using var app = new ApiFactory();
        var http = app.CreateHttpClient();

        (await http.GetStringAsync("/simulator")).Should().Contain("/simulator/assets/simulator.js");
        (await http.GetAsync("/simulator/assets/simulator.css")).Content.Headers.ContentType!.MediaType.Should().Be("text/css");
        (await http.GetAsync("/simulator/assets/index.cs")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static MultipartFormDataContent Form(string text) => new()
    {
        { new StringContent(User), "from" },
        { new StringContent("Sim User"), "name" },
        { new StringContent(text), "text" },
    };
}
