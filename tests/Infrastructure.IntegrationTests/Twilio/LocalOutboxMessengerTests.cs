using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.Twilio;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Twilio;

public sealed class LocalOutboxMessengerTests
{
    private static readonly WhatsAppNumber s_recipient = WhatsAppNumber.Parse("+447700900123");

    private readonly LocalOutboxMessenger _outbox = new();

    [Fact]
    public async Task SendAsync_WhenCalled_ThenStoredWithObId()
    {
        var result = await _outbox.SendAsync(s_recipient, "hello", [new Uri("https://example.test/a.jpg")], CancellationToken.None);

        _outbox.Channel.Should().Be("outbox");
        result.Accepted.Should().BeTrue();
        result.ProviderMessageId.Should().MatchRegex("^OB[0-9a-f]{32}$");
        result.Status.Should().Be("stored");
        result.ErrorCode.Should().BeNull();
        result.ErrorMessage.Should().BeNull();
    }

    [Fact]
    public async Task SendAsync_WhenCalledTwice_ThenDistinctIds()
    {
        var first = await _outbox.SendAsync(s_recipient, "one", [], CancellationToken.None);
        var second = await _outbox.SendAsync(s_recipient, "two", [], CancellationToken.None);

        second.ProviderMessageId.Should().NotBe(first.ProviderMessageId);
    }

    [Fact]
    public async Task SendAsync_WhenBodyLongerThan1600_ThenArgumentException()
    {
        var send = () => _outbox.SendAsync(s_recipient, new string('a', 1601), [], CancellationToken.None);

        (await send.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("body");
    }

    [Fact]
    public async Task SendAsync_WhenMediaUrlRelative_ThenArgumentException()
    {
        var send = () => _outbox.SendAsync(s_recipient, "x", [new Uri("/media/a.jpg", UriKind.Relative)], CancellationToken.None);

        (await send.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("mediaUrls");
    }

    [Fact]
    public void SupportsTemplates_IsFalse() => _outbox.SupportsTemplates.Should().BeFalse();

    [Theory]
    [InlineData("HX0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-sid")]
    public async Task SendTemplateAsync_WhenCalled_ThenNotSupported(string contentSid)
    {
        var send = () => _outbox.SendTemplateAsync(s_recipient, contentSid, new Dictionary<string, string> { ["1"] = "call mom" }, CancellationToken.None);

        (await send.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("24-hour window");
    }
}
