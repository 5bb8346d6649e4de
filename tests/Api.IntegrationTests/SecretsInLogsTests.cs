using System.Net;
using System.Text;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Api.Security;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>
/// A realistic session with every credential configured (Twilio, REST keys, OpenAI and Mem0 on loopback fakes):
/// no log line carries a secret or a full phone number.
/// </summary>
public sealed class SecretsInLogsTests
{
    private const string User = "+351912345678";
    private const string OtherUser = "+447700900123";
    private const string ApiKey = "rest-key-SECRET-5b1e0c9d";
    private const string OpenAiKey = "sk-SECRET-openai-8f2a77";
    private const string Mem0Key = "m0-SECRET-mem0-41c9aa";

    [Fact]
    public async Task ARealisticSession_LogsNoSecretAndNoFullPhoneNumber()
    {
        await using var chat = await FakeOpenAiChatServer.StartAsync();
        chat.Respond = _ => FakeOpenAiChatServer.ChatCompletion("Your passport is in the top drawer [1].", "gpt-4o-mini");
        await using var mem0 = await Mem0Emulator.StartAsync(Mem0Key);
        var logs = new CapturingLoggerProvider();
        using var app = new ApiFactory(new Dictionary<string, string?>
        {
            ["Api:Keys:0"] = ApiKey,
            ["OpenAI:ApiKey"] = OpenAiKey,
            ["OpenAI:BaseUrl"] = chat.BaseUrl.ToString(),
            ["OpenAI:ChatTimeout"] = "3",
            ["Mem0:ApiKey"] = Mem0Key,
            ["Mem0:BaseUrl"] = mem0.BaseUrl.ToString(),
            ["Mem0:Sync:PollInterval"] = "00:00:00.200",
            ["Media:ReplyBudget"] = "00:00:05",
        }) { Logs = logs };
        var whatsapp = app.CreateWhatsAppClient(User);
        var other = app.CreateWhatsAppClient(OtherUser);
        var http = whatsapp.Http;
        http.DefaultRequestHeaders.Add(ApiAccess.HeaderName, ApiKey);

        await whatsapp.SendAsync("Passport is in the top drawer of the desk #documents");
        await other.SendAsync("Car keys are on the hook by the door");
        await whatsapp.SendAsync("Where is my passport?");
        await whatsapp.SendAsync("/tz Mars/Olympus");
        using (var forged = await whatsapp.PostAsync(whatsapp.Form("forged", WhatsAppClient.NewMessageSid()), "forged-signature"))
            forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var photo = whatsapp.Form("", WhatsAppClient.NewMessageSid("MM"));
        photo["NumMedia"] = "1";
        photo["MediaUrl0"] = FakeTwilioMedia.Shared.PublishRedirect("http://169.254.169.254/latest/meta-data/");
        photo["MediaContentType0"] = "image/jpeg";
        using (var refused = await whatsapp.PostAsync(photo))
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var invalid = await whatsapp.PostAsync(new Dictionary<string, string>(whatsapp.Form("x", "SM123"))))
            invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.ListMemoriesAsync(User)).Should().NotBeEmpty();
        await http.SearchAsync(User, "passport");
        using (var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/memories/list"))
        {
            wrongKey.Headers.Add(ApiAccess.HeaderName, ApiKey + "-wrong");
            using var response = await app.CreateHttpClient().SendAsync(wrongKey);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await Eventually.TrueAsync(() => mem0.Requests.Count > 0, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1)); // let background workers log what they do

        var lines = logs.Lines.ToList();
        lines.Should().NotBeEmpty();
        var basicAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeTwilioMedia.AccountSid}:{ApiFactory.AuthToken}"));
        string[] secrets = [ApiFactory.AuthToken, ApiKey, OpenAiKey, Mem0Key, basicAuth, "351912345678", "447700900123", "912345678", "7700900123"];
        foreach (var secret in secrets)
            lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).Should().BeEmpty("no log line may contain {0}", secret);
    }
}
