using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MemoryAssistant.Infrastructure.Images;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Images;

public sealed class OpenAiImageDescriberTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-vision-key";
    private const string Model = "gpt-4o-mini";
    private const string Description = "A handwritten-style shopping list reading MILK EGGS BREAD on a pale blue background.";

    // A real JPEG's first bytes are enough: the describer sends the bytes as they are.
    private static readonly byte[] s_jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0xFF, 0xD9];

    private readonly ListLogger<OpenAiImageDescriber> _logger = new();
    private FakeOpenAiChatServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DescribeAsync_WhenServerAnswers_ThenSdkSentKeyModelAndImageAsDataUriAndTextReturned()
    {
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion(Description, Model);

        var description = await Describer().DescribeAsync(s_jpeg, "image/jpeg", "groceries for tonight", CancellationToken.None);

        description.Should().Be(Description);
        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/chat/completions");
        request.Authorization.Should().Be("Bearer " + ApiKey);
        request.ContentType.Should().StartWith("application/json");

        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("model").GetString().Should().Be(Model);
        var message = body.RootElement.GetProperty("messages").EnumerateArray().Should().ContainSingle().Subject;
        message.GetProperty("role").GetString().Should().Be("user");
        var parts = message.GetProperty("content").EnumerateArray().ToList();
        var image = parts.Should().ContainSingle(p => p.GetProperty("type").GetString() == "image_url").Subject;
        var url = image.GetProperty("image_url").GetProperty("url").GetString()!;
        url.Should().StartWith("data:image/jpeg;base64,");
        Convert.FromBase64String(url["data:image/jpeg;base64,".Length..]).Should().Equal(s_jpeg);
        var text = parts.Should().ContainSingle(p => p.GetProperty("type").GetString() == "text").Subject;
        text.GetProperty("text").GetString().Should()
            .Be("Describe this photo in one sentence for a personal memory log; include visible text; caption: groceries for tonight");
    }

    [Fact]
    public async Task DescribeAsync_WhenNoCaption_ThenInstructionAlone()
    {
        _server.ResponseJson = FakeOpenAiChatServer.ChatCompletion(Description, Model);

        await Describer().DescribeAsync(s_jpeg, "image/png", null, CancellationToken.None);

        var body = _server.Requests.Should().ContainSingle().Subject.Body;
        body.Should().Contain("data:image/png;base64,")
            .And.Contain("\"Describe this photo in one sentence for a personal memory log; include visible text.\"");
    }

    [Fact]
    public async Task DescribeAsync_WhenServerFails_ThenNullAfterOneRetryAndAWarning()
    {
        _server.StatusCode = 500;
        _server.ResponseJson = """{"error":{"message":"The server had an error","type":"server_error"}}""";

        var description = await Describer().DescribeAsync(s_jpeg, "image/jpeg", null, CancellationToken.None);

        description.Should().BeNull();
        _server.Requests.Should().HaveCount(2, "one attempt and the one retry configured");
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("500").And.NotContain(ApiKey);
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("{}")]
    [InlineData("{\"choices\":[]}")]
    public async Task DescribeAsync_WhenServerAnswersSomethingElse_ThenNull(string body)
    {
        _server.ResponseJson = body;

        var description = await Describer().DescribeAsync(s_jpeg, "image/jpeg", null, CancellationToken.None);

        description.Should().BeNull();
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("not a chat completion");
    }

    [Fact]
    public async Task DescribeAsync_WhenServerUnreachable_ThenNull()
    {
        var closedPort = ClosedLoopbackPort();
        var describer = Describer(new Uri($"http://127.0.0.1:{closedPort}/v1"), maxRetries: 0);

        var description = await describer.DescribeAsync(s_jpeg, "image/jpeg", null, CancellationToken.None);

        description.Should().BeNull();
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("could not be reached");
    }

    [Fact]
    public async Task DescribeAsync_WhenServerTooSlow_ThenNullAfterTheNetworkTimeout()
    {
        _server.Delay = TimeSpan.FromSeconds(10);
        var describer = new OpenAiImageDescriber(
            new OpenAiImageDescriberOptions(ApiKey, Model, _server.BaseUrl) { MaxRetries = 0, NetworkTimeout = TimeSpan.FromMilliseconds(500) },
            _logger);
        var stopwatch = Stopwatch.StartNew();

        var description = await describer.DescribeAsync(s_jpeg, "image/jpeg", null, CancellationToken.None);

        description.Should().BeNull();
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("timed out");
    }

    [Fact]
    public async Task DescribeAsync_WhenCallerCancels_ThenCancelledNotSwallowed()
    {
        _server.Delay = TimeSpan.FromSeconds(10);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var describe = () => Describer().DescribeAsync(s_jpeg, "image/jpeg", null, cancellation.Token);

        await describe.Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [InlineData("image/heic")]
    [InlineData("application/pdf")]
    public async Task DescribeAsync_WhenTypeVisionModelsDoNotTake_ThenNullWithoutACall(string contentType)
    {
        var description = await Describer().DescribeAsync(s_jpeg, contentType, null, CancellationToken.None);

        description.Should().BeNull();
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DescribeAsync_WhenNullDescriber_ThenNull()
    {
        var description = await new NullImageDescriber().DescribeAsync(s_jpeg, "image/jpeg", "caption", CancellationToken.None);

        description.Should().BeNull();
    }

    private OpenAiImageDescriber Describer(Uri? baseUrl = null, int maxRetries = 1) =>
        new(new OpenAiImageDescriberOptions(ApiKey, Model, baseUrl ?? _server.BaseUrl) { MaxRetries = maxRetries }, _logger);

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
