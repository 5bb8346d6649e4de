using System.Globalization;
using System.Xml.Linq;
using MemoryAssistant.Infrastructure.Twilio;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>Talks to /webhook the way Twilio does: a form post, signed with the auth token.</summary>
public sealed class WhatsAppClient(HttpClient http, string from, string? authToken)
{
    private static int s_counter;

    public HttpClient Http { get; } = http;
    public string From { get; } = from;

    public static string NewMessageSid(string prefix = "SM") =>
        prefix + Interlocked.Increment(ref s_counter).ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>Sends a text message and returns the reply's text (the TwiML Body).</summary>
    public async Task<string> SendAsync(string body, string? messageSid = null)
    {
        using var response = await PostAsync(Form(body, messageSid ?? NewMessageSid()));
        response.EnsureSuccessStatusCode();
        return ReplyText(await response.Content.ReadAsStringAsync());
    }

    public Dictionary<string, string> Form(string? body, string messageSid) => new()
    {
        ["MessageSid"] = messageSid,
        ["SmsMessageSid"] = messageSid,
        ["AccountSid"] = "AC" + new string('0', 32),
        ["From"] = "whatsapp:" + From,
        ["To"] = "whatsapp:+14155238886",
        ["Body"] = body ?? "",
        ["NumMedia"] = "0",
        ["ProfileName"] = "Test User",
        ["WaId"] = From.TrimStart('+'),
        ["SmsStatus"] = "received",
        ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>Posts a form; signs it unless <paramref name="signature"/> is given (use "" for no header).</summary>
    public Task<HttpResponseMessage> PostAsync(IEnumerable<KeyValuePair<string, string>> form, string? signature = null)
    {
        var fields = form.ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new FormUrlEncodedContent(fields) };
        var header = signature ?? (authToken is null ? null : TwilioSignature.Compute(authToken, ApiFactory.PublicBaseUrl + "/webhook", fields));
        if (!string.IsNullOrEmpty(header))
            request.Headers.TryAddWithoutValidation("X-Twilio-Signature", header);
        return Http.SendAsync(request);
    }

    public static string ReplyText(string twiml)
    {
        var doc = XDocument.Parse(twiml);
        return string.Join("\n---\n", doc.Descendants("Body").Select(b => b.Value));
    }
}
