using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>Without Twilio__AuthToken only Development runs (and accepts unsigned webhooks); elsewhere start-up refuses.</summary>
public sealed class DevelopmentWithoutTokenTests
{
    private static readonly Dictionary<string, string?> s_noToken = new() { ["Twilio:AuthToken"] = null };

    [Fact]
    public async Task Development_WithoutToken_AcceptsUnsignedWebhooks()
    {
        using var app = new ApiFactory(s_noToken);
        var whatsapp = app.CreateWhatsAppClient("+351912345678", sign: false);

        var reply = await whatsapp.SendAsync("Spare house key is with Dona Rosa on the second floor");

        reply.Should().StartWith("✅ Saved").And.Contain("Dona Rosa");
        (await whatsapp.Http.ListMemoriesAsync("+351912345678")).Should().ContainSingle();
    }

    [Fact]
    public void Production_WithoutToken_RefusesToStart_NamingTheSetting()
    {
        using var app = new ApiFactory(s_noToken, environment: "Production");

        var start = () => app.CreateHttpClient();

        var thrown = start.Should().Throw<Exception>().Which;
        var messages = Chain(thrown).Select(e => e.Message).ToList();
        messages.Should().Contain(m => m.Contains("Twilio__AuthToken", StringComparison.Ordinal), "the error should say which setting is missing");
    }

    [Fact]
    public async Task Production_WithToken_Starts_AndStillRejectsUnsignedWebhooks()
    {
        using var app = new ApiFactory(environment: "Production");
        var unsigned = app.CreateWhatsAppClient("+351912345678", sign: false);

        using var health = await unsigned.Http.GetAsync("/health");
        using var rejected = await unsigned.PostAsync(unsigned.Form("unsigned note", WhatsAppClient.NewMessageSid()));

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        rejected.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                    yield return inner;
            }
        }
    }
}
