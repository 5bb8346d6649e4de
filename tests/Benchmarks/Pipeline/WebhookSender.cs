using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using MemoryAssistant.Infrastructure.Twilio;

namespace MemoryAssistant.Benchmarks.Pipeline;

/// <summary>Posts /webhook the way Twilio does (a form, signed for the public URL) and times the TwiML answer.</summary>
public sealed class WebhookSender : IDisposable
{
    private static long s_counter;
    private readonly HttpClient _http;

    public WebhookSender(Uri baseUrl)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            MaxConnectionsPerServer = 1024,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A new, unique MessageSid (34 characters, like Twilio's).</summary>
    public static string NewMessageSid(string prefix = "SM") =>
        prefix + Interlocked.Increment(ref s_counter).ToString("x32", CultureInfo.InvariantCulture);

    public static List<KeyValuePair<string, string>> Form(string from, string body, string messageSid, (string Url, string ContentType)? media = null)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", messageSid),
            new("SmsMessageSid", messageSid),
            new("AccountSid", "AC" + new string('0', 32)),
            new("From", "whatsapp:" + from),
            new("To", "whatsapp:+14155238886"),
            new("Body", body),
            new("NumMedia", media is null ? "0" : "1"),
            new("ProfileName", "Bench " + from[^4..]),
            new("WaId", from.TrimStart('+')),
            new("SmsStatus", "received"),
            new("ApiVersion", "2010-04-01"),
        };
        if (media is { } m)
        {
            form.Add(new("MediaUrl0", m.Url));
            form.Add(new("MediaContentType0", m.ContentType));
        }

        return form;
    }

    /// <summary>Sends one signed webhook; the latency is from the send to the last byte of the answer.</summary>
    public async Task<WebhookResult> SendAsync(IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken = default)
    {
        var signature = TwilioSignature.Compute(ServerProcess.AuthToken, ServerProcess.PublicBaseUrl + "/webhook", form);
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhook") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (response.StatusCode != HttpStatusCode.OK)
                return new WebhookResult(elapsed, null, $"HTTP {(int)response.StatusCode}: {Shorten(text)}");
            var reply = ReplyText(text);
            return reply is null
                ? new WebhookResult(elapsed, null, $"malformed TwiML: {Shorten(text)}")
                : new WebhookResult(elapsed, reply, null);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookResult(Stopwatch.GetElapsedTime(started), null, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResult(Stopwatch.GetElapsedTime(started), null, $"timeout: {ex.Message}");
        }
    }

    /// <summary>The text of &lt;Response&gt;&lt;Message&gt;&lt;Body&gt; (empty for an empty &lt;Response/&gt;), or null when it is not TwiML.</summary>
    public static string? ReplyText(string twiml)
    {
        try
        {
            var root = XDocument.Parse(twiml).Root;
            if (root?.Name.LocalName != "Response")
                return null;
            return string.Join("\n---\n", root.Descendants("Body").Select(b => b.Value));
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    public void Dispose() => _http.Dispose();
}

/// <param name="Reply">The TwiML body text, or null when the request failed.</param>
/// <param name="Error">Why the request counts as an error (non-200, malformed TwiML, transport), or null.</param>
public sealed record WebhookResult(TimeSpan Latency, string? Reply, string? Error);
