using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Twilio;

/// <summary>
/// The REST sender, wired by <see cref="OutboundRegistration.AddOutboundMessaging"/> (resilience pipeline included),
/// against a loopback fake of Twilio's Messages API.
/// </summary>
public sealed class TwilioRestMessengerTests : IAsyncLifetime
{
    private static readonly WhatsAppNumber s_recipient = WhatsAppNumber.Parse("+447700900123");
    private static readonly Uri[] s_noMedia = [];
    private const string ReminderSid = "HX0123456789abcdef0123456789abcdef";

    private readonly ConcurrentQueue<string> _logLines = new();
    private FakeTwilioMessagesApi _twilio = null!;

    public async Task InitializeAsync() => _twilio = await FakeTwilioMessagesApi.StartAsync();

    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    [Fact]
    public async Task SendAsync_WhenTwilioAccepts_ThenPostsDocumentedFormAndReturnsSid()
    {
        await using var provider = BuildProvider(("Twilio:StatusCallbackUrl", "https://example.test/twilio/status"));
        var messenger = provider.GetRequiredService<IOutboundMessenger>();
        Uri[] media = [new("https://example.test/media/a.jpg"), new("https://example.test/media/b.png?x=1&y=2")];

        var result = await messenger.SendAsync(s_recipient, "Your note: buy milk & eggs", media, CancellationToken.None);

        messenger.Channel.Should().Be("twilio");
        result.Accepted.Should().BeTrue();
        result.ProviderMessageId.Should().MatchRegex("^SM[0-9a-f]{32}$");
        result.Status.Should().Be("queued");
        result.ErrorCode.Should().BeNull();
        result.ErrorMessage.Should().BeNull();

        var request = _twilio.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be($"/2010-04-01/Accounts/{_twilio.AccountSid}/Messages.json");
        request.Path.Should().StartWith("/2010-04-01/Accounts/AC");
        request.ContentType.Should().StartWith("application/x-www-form-urlencoded");
        request.Authorization.Should().StartWith("Basic ");
        Encoding.UTF8.GetString(Convert.FromBase64String(request.Authorization["Basic ".Length..]))
            .Should().Be($"{_twilio.AccountSid}:{_twilio.AuthToken}");
        request.Form["From"].Should().Equal(FakeTwilioMessagesApi.SandboxFrom);
        request.Form["To"].Should().Equal("whatsapp:+447700900123");
        request.Form["Body"].Should().Equal("Your note: buy milk & eggs");
        request.Form["MediaUrl"].Should().Equal("https://example.test/media/a.jpg", "https://example.test/media/b.png?x=1&y=2");
        request.Form["StatusCallback"].Should().Equal("https://example.test/twilio/status");
        request.Form.Should().NotContainKey("MessagingServiceSid");
    }

    [Fact]
    public async Task SendAsync_WhenMessagingServiceSidSet_ThenSendsItInsteadOfFrom()
    {
        const string serviceSid = "MG0123456789abcdef0123456789abcdef";
        await using var provider = BuildProvider(("Twilio:MessagingServiceSid", serviceSid));

        var result = await provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, "hi", s_noMedia, CancellationToken.None);

        result.Accepted.Should().BeTrue();
        var request = _twilio.Requests.Should().ContainSingle().Subject;
        request.Form["MessagingServiceSid"].Should().Equal(serviceSid);
        request.Form.Should().NotContainKey("From").And.NotContainKey("MediaUrl").And.NotContainKey("StatusCallback");
    }

    [Fact]
    public async Task SendAsync_WhenWhatsAppFromLacksPrefix_ThenSendsChannelAddress()
    {
        await using var provider = BuildProvider(("Twilio:WhatsAppFrom", "+1 415 555 0100"));

        await provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, "hi", s_noMedia, CancellationToken.None);

        _twilio.Requests.Should().ContainSingle().Which.Form["From"].Should().Equal("whatsapp:+14155550100");
    }

    [Theory]
    [InlineData(400, 63016, "Failed to send freeform message because you are outside the allowed window.")]
    [InlineData(400, 63015, "Channel Sandbox can only send messages to phone numbers that have joined the Sandbox")]
    [InlineData(400, 21211, "Invalid 'To' Phone Number")]
    public async Task SendAsync_WhenTwilioRefuses_ThenNotAcceptedWithTwilioCodeAndNoRetry(int status, int code, string message)
    {
        await using var provider = BuildProvider();
        _twilio.EnqueueError(status, code, message);

        var result = await provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, "hi", s_noMedia, CancellationToken.None);

        result.Should().Be(new OutboundResult(false, null, "failed", code, message));
        _twilio.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task SendAsync_WhenAuthTokenWrong_ThenNotAcceptedWith20003()
    {
        await using var provider = BuildProvider(("Twilio:AuthToken", "not-the-token"));

        var result = await provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, "hi", s_noMedia, CancellationToken.None);

        result.Accepted.Should().BeFalse();
        result.ErrorCode.Should().Be(20003);
        _twilio.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task SendAsync_WhenRateLimitedWithRetryAfter_ThenWaitsAndSucceedsOnSecondAttempt()
    {
        await using var provider = BuildProvider();
        _twilio.EnqueueError(429, 20429, "Too Many Requests", retryAfterSeconds: 1);
        var stopwatch = Stopwatch.StartNew();

        var result = await provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, "hi", s_noMedia, CancellationToken.None);

        stopwatch.Stop();
        result.Accepted.Should().BeTrue();
        result.ProviderMessageId.Should().StartWith("SM");
        var requests = _twilio.Requests;
        requests.Should().HaveCount(2);
        // Retry-After: 1 beats the 50 ms base back-off configured for these tests.
        (requests[1].ReceivedAt - requests[0].ReceivedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        requests[1].Form["Body"].Should().Equal("hi");
    }

    [Fact]
    public async Task SendAsync_WhenServerErrorOnce_ThenRetriesAndSucceeds()
    {
        await using var provider = BuildProvider();
        _twilio.EnqueueError(503, 20503, "Service Unavailable");

        var result = await provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, "hi", s_noMedia, CancellationToken.None);

        result.Accepted.Should().BeTrue();
        _twilio.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task SendAsync_WhenServerErrorsPersist_ThenThrowsAfterThreeAttempts()
    {
        await using var provider = BuildProvider();
        for (var i = 0; i < 3; i++)
        {
            _twilio.EnqueueError(500, 20500, "Internal Server Error");
        }

        var send = () => provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, "hi", s_noMedia, CancellationToken.None);

        var thrown = await send.Should().ThrowAsync<HttpRequestException>();
        thrown.Which.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        thrown.Which.Message.Should().Contain("20500").And.NotContain(s_recipient.Value);
        _twilio.Requests.Should().HaveCount(OutboundRegistration.MaxAttempts).And.HaveCount(3);
    }

    [Fact]
    public async Task SendAsync_WhenBodyLongerThan1600_ThenArgumentExceptionWithoutRequest()
    {
        await using var provider = BuildProvider();
        var messenger = provider.GetRequiredService<IOutboundMessenger>();

        var send = () => messenger.SendAsync(s_recipient, new string('a', 1601), s_noMedia, CancellationToken.None);

        (await send.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("body");
        _twilio.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_WhenBodyExactly1600_ThenSent()
    {
        await using var provider = BuildProvider();

        var result = await provider.GetRequiredService<IOutboundMessenger>().SendAsync(s_recipient, new string('a', 1600), s_noMedia, CancellationToken.None);

        result.Accepted.Should().BeTrue();
        _twilio.Requests.Should().ContainSingle().Which.Form["Body"].Single().Should().HaveLength(1600);
    }

    [Fact]
    public async Task SendAsync_WhenMediaOnly_ThenOmitsBody()
    {
        await using var provider = BuildProvider();

        var result = await provider.GetRequiredService<IOutboundMessenger>()
            .SendAsync(s_recipient, string.Empty, [new Uri("https://example.test/m.jpg")], CancellationToken.None);

        result.Accepted.Should().BeTrue();
        var request = _twilio.Requests.Should().ContainSingle().Subject;
        request.Form.Should().NotContainKey("Body");
        request.Form["MediaUrl"].Should().Equal("https://example.test/m.jpg");
    }

    [Fact]
    public async Task SendAsync_WhenSentRefusedAndRetried_ThenLogsNeitherTokenNorFullNumber()
    {
        await using var provider = BuildProvider();
        var messenger = provider.GetRequiredService<IOutboundMessenger>();
        _twilio.EnqueueError(503, 20503, "Service Unavailable");
        await messenger.SendAsync(s_recipient, "secret body", s_noMedia, CancellationToken.None);
        _twilio.EnqueueError(400, 63016, "outside the window");
        await messenger.SendAsync(s_recipient, "secret body", s_noMedia, CancellationToken.None);

        var logged = string.Join('\n', _logLines);

        logged.Should().Contain(s_recipient.Masked).And.Contain("63016");
        logged.Should().NotContain(_twilio.AuthToken)
            .And.NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_twilio.AccountSid}:{_twilio.AuthToken}")))
            .And.NotContain(s_recipient.Digits)
            .And.NotContain("secret body");
    }

    [Fact]
    public async Task AddOutboundMessaging_WhenNoCredentials_ThenLocalOutbox()
    {
        await using var provider = Provider(new Dictionary<string, string?>());

        var messenger = provider.GetRequiredService<IOutboundMessenger>();

        messenger.Should().BeOfType<LocalOutboxMessenger>();
        messenger.Channel.Should().Be("outbox");
    }

    [Theory]
    [InlineData("Twilio:AccountSid")]
    [InlineData("Twilio:AuthToken")]
    public async Task AddOutboundMessaging_WhenOnlyOneCredential_ThenLocalOutbox(string key)
    {
        await using var provider = Provider(new Dictionary<string, string?> { [key] = "set" });

        provider.GetRequiredService<IOutboundMessenger>().Should().BeOfType<LocalOutboxMessenger>();
    }

    [Fact]
    public async Task AddOutboundMessaging_WhenBothCredentials_ThenTwilioRest()
    {
        await using var provider = Provider(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000000",
            ["Twilio:AuthToken"] = "token",
        });

        var messenger = provider.GetRequiredService<IOutboundMessenger>();

        messenger.Should().BeOfType<TwilioRestMessenger>();
        messenger.Channel.Should().Be("twilio");
    }

    [Fact]
    public async Task SendTemplateAsync_WhenTwilioAccepts_ThenPostsContentSidAndVariablesWithoutBody()
    {
        await using var provider = BuildProvider(("Twilio:StatusCallbackUrl", "https://example.test/twilio/status"));
        var messenger = provider.GetRequiredService<IOutboundMessenger>();
        var variables = new Dictionary<string, string> { ["1"] = "call mom", ["2"] = "18:30" };

        var result = await messenger.SendTemplateAsync(s_recipient, ReminderSid, variables, CancellationToken.None);

        messenger.SupportsTemplates.Should().BeTrue();
        result.Accepted.Should().BeTrue();
        result.ProviderMessageId.Should().MatchRegex("^SM[0-9a-f]{32}$");
        result.Status.Should().Be("queued");
        result.ErrorCode.Should().BeNull();

        var request = _twilio.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be($"/2010-04-01/Accounts/{_twilio.AccountSid}/Messages.json");
        request.ContentType.Should().StartWith("application/x-www-form-urlencoded");
        Encoding.UTF8.GetString(Convert.FromBase64String(request.Authorization["Basic ".Length..]))
            .Should().Be($"{_twilio.AccountSid}:{_twilio.AuthToken}");
        request.Form.Keys.Should().BeEquivalentTo("From", "To", "ContentSid", "ContentVariables", "StatusCallback");
        request.Form["From"].Should().Equal(FakeTwilioMessagesApi.SandboxFrom);
        request.Form["To"].Should().Equal("whatsapp:+447700900123");
        request.Form["ContentSid"].Should().Equal(ReminderSid);
        request.Form["ContentVariables"].Should().Equal("""{"1":"call mom","2":"18:30"}""");
        request.Form["StatusCallback"].Should().Equal("https://example.test/twilio/status");
        request.ContentSid.Should().Be(ReminderSid);
        request.ContentVariables.Should().Equal(variables);
    }

    [Fact]
    public async Task SendTemplateAsync_WhenMessagingServiceSidSet_ThenSendsItInsteadOfFrom()
    {
        const string serviceSid = "MG0123456789abcdef0123456789abcdef";
        await using var provider = BuildProvider(("Twilio:MessagingServiceSid", serviceSid));

        var result = await provider.GetRequiredService<IOutboundMessenger>()
            .SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string> { ["1"] = "x" }, CancellationToken.None);

        result.Accepted.Should().BeTrue();
        var request = _twilio.Requests.Should().ContainSingle().Subject;
        request.Form.Keys.Should().BeEquivalentTo("MessagingServiceSid", "To", "ContentSid", "ContentVariables");
        request.Form["MessagingServiceSid"].Should().Equal(serviceSid);
    }

    [Fact]
    public async Task SendTemplateAsync_WhenNoVariables_ThenOmitsContentVariables()
    {
        await using var provider = BuildProvider();

        var result = await provider.GetRequiredService<IOutboundMessenger>()
            .SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string>(), CancellationToken.None);

        result.Accepted.Should().BeTrue();
        var request = _twilio.Requests.Should().ContainSingle().Subject;
        request.Form.Keys.Should().BeEquivalentTo("From", "To", "ContentSid");
    }

    [Fact]
    public async Task SendTemplateAsync_WhenValuesHaveLineBreaksTabsAndRunsOfSpaces_ThenSendsOneSpaceBetweenWords()
    {
        await using var provider = BuildProvider();
        var variables = new Dictionary<string, string>
        {
            ["1"] = "call mom\r\nabout     Sunday\tlunch",
            ["name"] = "  Zoë \n",
        };

        await provider.GetRequiredService<IOutboundMessenger>().SendTemplateAsync(s_recipient, ReminderSid, variables, CancellationToken.None);

        _twilio.Requests.Should().ContainSingle().Which.ContentVariables.Should().Equal(new Dictionary<string, string>
        {
            ["1"] = "call mom about Sunday lunch",
            ["name"] = "Zoë",
        });
    }

    [Fact]
    public async Task SendTemplateAsync_WhenValuesHaveQuotesAccentsAndEmoji_ThenJsonRoundTrips()
    {
        await using var provider = BuildProvider();
        var variables = new Dictionary<string, string> { ["1"] = "café \"Chez Zoë\" & <b> \\ 🎂", ["2"] = "2 + 2 = 4" };

        await provider.GetRequiredService<IOutboundMessenger>().SendTemplateAsync(s_recipient, ReminderSid, variables, CancellationToken.None);

        var request = _twilio.Requests.Should().ContainSingle().Subject;
        request.ContentVariables.Should().Equal(variables);
        request.Form["ContentVariables"].Single().Should().StartWith("""{"1":"café \"Chez Zoë\" & <b> \\ """);
    }

    [Fact]
    public async Task SendTemplateAsync_WhenValueExactly1024Characters_ThenSent()
    {
        await using var provider = BuildProvider();
        var value = new string('a', 1024);

        var result = await provider.GetRequiredService<IOutboundMessenger>()
            .SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string> { ["1"] = value }, CancellationToken.None);

        result.Accepted.Should().BeTrue();
        _twilio.Requests.Should().ContainSingle().Which.ContentVariables!["1"].Should().Be(value);
    }

    [Fact]
    public async Task SendTemplateAsync_WhenValueLongerThan1024_ThenCutTo1024EndingInEllipsis()
    {
        await using var provider = BuildProvider();
        var variables = new Dictionary<string, string>
        {
            ["1"] = new string('a', 1030),
            // The cut falls inside the emoji: its first half must not be kept.
            ["2"] = new string('b', 1022) + "🎂🎂",
            ["3"] = new string('c', 1020) + "   d e f g",
        };

        await provider.GetRequiredService<IOutboundMessenger>().SendTemplateAsync(s_recipient, ReminderSid, variables, CancellationToken.None);

        var sent = _twilio.Requests.Should().ContainSingle().Which.ContentVariables!;
        sent["1"].Should().Be(new string('a', 1023) + "…").And.HaveLength(1024);
        sent["2"].Should().Be(new string('b', 1022) + "…");
        sent["3"].Should().Be(new string('c', 1020) + " d…");
    }

    [Theory]
    [InlineData("")]
    [InlineData("HX0123")]
    [InlineData("HX0123456789abcdef0123456789abcde")]
    [InlineData("HX0123456789abcdef0123456789abcdef0")]
    [InlineData("HX0123456789abcdef0123456789abcdeg")]
    [InlineData("hx0123456789abcdef0123456789abcdef")]
    [InlineData("MG0123456789abcdef0123456789abcdef")]
    [InlineData(" HX0123456789abcdef0123456789abcdef")]
    [InlineData("HX0123456789abcdef0123456789abcdef ")]
    public async Task SendTemplateAsync_WhenContentSidMalformed_ThenArgumentExceptionWithoutRequest(string contentSid)
    {
        await using var provider = BuildProvider();
        var messenger = provider.GetRequiredService<IOutboundMessenger>();

        var send = () => messenger.SendTemplateAsync(s_recipient, contentSid, new Dictionary<string, string> { ["1"] = "x" }, CancellationToken.None);

        (await send.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("contentSid");
        _twilio.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task SendTemplateAsync_WhenContentSidUpperCaseHex_ThenSent()
    {
        await using var provider = BuildProvider();

        var result = await provider.GetRequiredService<IOutboundMessenger>()
            .SendTemplateAsync(s_recipient, "HX0123456789ABCDEF0123456789ABCDEF", new Dictionary<string, string> { ["1"] = "x" }, CancellationToken.None);

        result.Accepted.Should().BeTrue();
    }

    public static TheoryData<Dictionary<string, string>> InvalidVariables() => new()
    {
        new Dictionary<string, string> { ["1"] = "" },
        new Dictionary<string, string> { ["1"] = " \r\n\t " },
        new Dictionary<string, string> { ["1"] = null! },
        new Dictionary<string, string> { [""] = "x" },
        new Dictionary<string, string> { ["first name"] = "x" },
        new Dictionary<string, string> { ["{{1}}"] = "x" },
        new Dictionary<string, string> { ["a234567890abcdefg"] = "x" },
        Enumerable.Range(1, 101).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => "x"),
    };

    [Theory]
    [MemberData(nameof(InvalidVariables))]
    public async Task SendTemplateAsync_WhenVariablesBreakTheRules_ThenArgumentExceptionWithoutRequest(Dictionary<string, string> variables)
    {
        await using var provider = BuildProvider();
        var messenger = provider.GetRequiredService<IOutboundMessenger>();

        var send = () => messenger.SendTemplateAsync(s_recipient, ReminderSid, variables, CancellationToken.None);

        (await send.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("variables");
        _twilio.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_WhenRecipientOutsideWindow_ThenNotAcceptedWith63016AndTemplateStillDelivers()
    {
        await using var provider = BuildProvider();
        var messenger = provider.GetRequiredService<IOutboundMessenger>();
        _twilio.CloseWindow(s_recipient.Value);

        var freeForm = await messenger.SendAsync(s_recipient, "Reminder: call mom", s_noMedia, CancellationToken.None);
        var template = await messenger.SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string> { ["1"] = "call mom" }, CancellationToken.None);

        freeForm.Should().Be(new OutboundResult(false, null, "failed", 63016, FakeTwilioMessagesApi.OutsideWindowMessage));
        template.Accepted.Should().BeTrue();
        template.ProviderMessageId.Should().StartWith("SM");
        // A refusal is final: no retry of the free-form message.
        _twilio.Requests.Should().HaveCount(2);
        _twilio.Requests[0].Form["Body"].Should().Equal("Reminder: call mom");
        _twilio.Requests[1].Form.Should().NotContainKey("Body");
    }

    [Theory]
    [InlineData(400, 63016, FakeTwilioMessagesApi.OutsideWindowMessage)]
    [InlineData(400, 21656, "The ContentVariables Parameter is invalid")]
    [InlineData(404, 20404, "The requested resource /Content/HX0123456789abcdef0123456789abcdef was not found")]
    public async Task SendTemplateAsync_WhenTwilioRefuses_ThenNotAcceptedWithTwilioCodeAndNoRetry(int status, int code, string message)
    {
        await using var provider = BuildProvider();
        _twilio.EnqueueError(status, code, message);

        var result = await provider.GetRequiredService<IOutboundMessenger>()
            .SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string> { ["1"] = "x" }, CancellationToken.None);

        result.Should().Be(new OutboundResult(false, null, "failed", code, message));
        _twilio.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task SendTemplateAsync_WhenRateLimitedOnce_ThenRetriesSameFormAndSucceeds()
    {
        await using var provider = BuildProvider();
        _twilio.EnqueueError(429, 20429, "Too Many Requests");

        var result = await provider.GetRequiredService<IOutboundMessenger>()
            .SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string> { ["1"] = "call mom" }, CancellationToken.None);

        result.Accepted.Should().BeTrue();
        result.ProviderMessageId.Should().StartWith("SM");
        var requests = _twilio.Requests;
        requests.Should().HaveCount(2);
        requests.Should().AllSatisfy(r =>
        {
            r.Form["ContentSid"].Should().Equal(ReminderSid);
            r.Form["ContentVariables"].Should().Equal("""{"1":"call mom"}""");
            r.Form.Should().NotContainKey("Body");
        });
    }

    [Fact]
    public async Task SendTemplateAsync_WhenServerErrorsPersist_ThenThrowsAfterThreeAttempts()
    {
        await using var provider = BuildProvider();
        for (var i = 0; i < 3; i++)
        {
            _twilio.EnqueueError(503, 20503, "Service Unavailable");
        }

        var send = () => provider.GetRequiredService<IOutboundMessenger>()
            .SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string> { ["1"] = "x" }, CancellationToken.None);

        var thrown = await send.Should().ThrowAsync<HttpRequestException>();
        thrown.Which.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        thrown.Which.Message.Should().Contain(ReminderSid).And.Contain("20503").And.NotContain(s_recipient.Value);
        _twilio.Requests.Should().HaveCount(OutboundRegistration.MaxAttempts);
    }

    [Fact]
    public async Task SendTemplateAsync_WhenSentAndRefused_ThenLogsSidButNeitherVariablesNorFullNumber()
    {
        await using var provider = BuildProvider();
        var messenger = provider.GetRequiredService<IOutboundMessenger>();
        var variables = new Dictionary<string, string> { ["1"] = "secret reminder text" };
        await messenger.SendTemplateAsync(s_recipient, ReminderSid, variables, CancellationToken.None);
        _twilio.EnqueueError(400, 21656, "The ContentVariables Parameter is invalid");
        await messenger.SendTemplateAsync(s_recipient, ReminderSid, variables, CancellationToken.None);

        var logged = string.Join('\n', _logLines);

        logged.Should().Contain(ReminderSid).And.Contain(s_recipient.Masked).And.Contain("21656");
        logged.Should().NotContain("secret reminder text").And.NotContain(s_recipient.Digits).And.NotContain(_twilio.AuthToken);
    }

    [Fact]
    public async Task AddOutboundMessaging_WhenNoCredentials_ThenOutboxWithoutTemplates()
    {
        await using var provider = Provider(new Dictionary<string, string?>());

        var messenger = provider.GetRequiredService<IOutboundMessenger>();

        messenger.SupportsTemplates.Should().BeFalse();
        var send = () => messenger.SendTemplateAsync(s_recipient, ReminderSid, new Dictionary<string, string> { ["1"] = "x" }, CancellationToken.None);
        await send.Should().ThrowAsync<NotSupportedException>();
    }

    [Fact]
    public async Task AddOutboundMessaging_WhenContentSidsValid_ThenBound()
    {
        const string digestSid = "HXfedcba9876543210FEDCBA9876543210";
        await using var provider = BuildProvider(("Twilio:ReminderContentSid", ReminderSid), ("Twilio:DigestContentSid", digestSid));

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<TwilioSenderOptions>>().Value;

        options.ReminderContentSid.Should().Be(ReminderSid);
        options.DigestContentSid.Should().Be(digestSid);
        provider.GetRequiredService<IOutboundMessenger>().Should().BeOfType<TwilioRestMessenger>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AddOutboundMessaging_WhenContentSidEmpty_ThenTreatedAsUnset(string value)
    {
        await using var provider = BuildProvider(("Twilio:ReminderContentSid", value), ("Twilio:DigestContentSid", value));

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<TwilioSenderOptions>>().Value;

        options.ReminderContentSid.Should().BeNull();
        options.DigestContentSid.Should().BeNull();
        provider.GetRequiredService<IOutboundMessenger>().Should().BeOfType<TwilioRestMessenger>();
    }

    [Fact]
    public async Task AddOutboundMessaging_WhenContentSidPadded_ThenTrimmed()
    {
        await using var provider = BuildProvider(("Twilio:ReminderContentSid", $"  {ReminderSid}\n"));

        provider.GetRequiredService<IStartupValidator>().Validate();

        provider.GetRequiredService<IOptions<TwilioSenderOptions>>().Value.ReminderContentSid.Should().Be(ReminderSid);
    }

    [Theory]
    [InlineData("Twilio:ReminderContentSid", "HX123")]
    [InlineData("Twilio:ReminderContentSid", "MG0123456789abcdef0123456789abcdef")]
    [InlineData("Twilio:ReminderContentSid", "HX 0123456789abcdef0123456789abcdef")]
    [InlineData("Twilio:DigestContentSid", "HX0123456789abcdef0123456789abcdeZ")]
    [InlineData("Twilio:DigestContentSid", "my-digest-template")]
    public async Task AddOutboundMessaging_WhenContentSidMalformed_ThenStartupValidationFails(string key, string value)
    {
        await using var provider = BuildProvider((key, value));

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();
        var resolve = () => provider.GetRequiredService<IOutboundMessenger>();

        validate.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().ContainSingle().Which.Should().Be($"{key} must be a Twilio Content sid: HX followed by 32 hex digits.");
        resolve.Should().Throw<OptionsValidationException>();
        _twilio.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task AddOutboundMessaging_WhenContentSidMalformedWithoutCredentials_ThenHostRefusesToStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Twilio:DigestContentSid"] = "HXnot-a-sid" });
        builder.Services.AddOutboundMessaging(builder.Configuration);
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("Twilio:DigestContentSid");
    }

    private ServiceProvider BuildProvider(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = _twilio.AccountSid,
            ["Twilio:AuthToken"] = _twilio.AuthToken,
            ["Twilio:ApiBaseUrl"] = _twilio.BaseUrl.ToString(),
            // Keeps the 5xx back-off short so three attempts stay well under a second.
            ["Twilio:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return Provider(settings);
    }

    private ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(_logLines)));
        services.AddOutboundMessaging(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Keeps every formatted log line (with exceptions) so tests can look for leaked secrets.</summary>
    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
