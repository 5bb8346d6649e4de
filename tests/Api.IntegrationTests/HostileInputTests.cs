using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MemoryAssistant.Api.Controllers;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Twilio;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>
/// Issue #9: every entry point against hostile input, over real HTTP. Forged signatures, oversized and
/// malformed requests, media pointed at internal addresses, decompression bombs, hostile query strings and
/// paths: a precise 4xx or a polite reply, never a 5xx, never half-written. (Cases covered elsewhere are
/// listed in docs/reliability.md and not repeated here.)
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string User = "+351912345678";

    private readonly ApiFactory _app = new(new Dictionary<string, string?> { ["Media:ReplyBudget"] = "00:00:10" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Webhook_MissingOrForgedSignatures_Return403_AndWriteNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("Gate code for the new office is 4471", WhatsAppClient.NewMessageSid());
        var url = ApiFactory.PublicBaseUrl + "/webhook";
        var otherForm = new Dictionary<string, string>(form) { ["Body"] = "something else" };
        string[] signatures =
        [
            "", // no header at all
            "not-base64!!",
            Convert.ToBase64String(new byte[20]),
            TwilioSignature.Compute("wrong-auth-token", url, form),
            TwilioSignature.Compute(ApiFactory.AuthToken, url, otherForm),
            TwilioSignature.Compute(ApiFactory.AuthToken, url + "?x=1", form),
            TwilioSignature.Compute(ApiFactory.AuthToken, url, form).ToLowerInvariant(),
        ];

        foreach (var signature in signatures)
        {
            using var response = await whatsapp.PostAsync(form, signature);
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        _app.CountRows("interactions").Should().Be(0);
        _app.CountRows("users").Should().Be(0);
    }

    [Fact]
    public async Task Webhook_OversizedBody_Returns413ProblemDetails_SignedOrNot_AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form(new string('x', 300_000), WhatsAppClient.NewMessageSid());

        using var signed = await whatsapp.PostAsync(form);
        using var unsigned = await whatsapp.PostAsync(form, "");

        (await signed.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Str("detail").Should().Contain(WebhookController.RequestLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await unsigned.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        _app.CountRows("interactions").Should().Be(0);
        _app.CountRows("users").Should().Be(0);
    }

    [Fact]
    public async Task Webhook_LongestAcceptedBodyInThreeByteCharacters_StillFitsTheSizeLimit()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var body = new string('語', 9_999) + ".";

        using var response = await whatsapp.PostAsync(whatsapp.Form(body, WhatsAppClient.NewMessageSid()));

        response.StatusCode.Should().Be(HttpStatusCode.OK, "10,000 characters is within the validator's limit, so within the size limit too");
    }

    [Fact]
    public async Task Webhook_FormBeyondTheFormLimits_Returns400_NotA500_AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var manyFields = whatsapp.Form("hello", WhatsAppClient.NewMessageSid());
        for (var i = 0; i < 1_500; i++)
            manyFields[$"F{i}"] = "1";
        var longKey = whatsapp.Form("hello", WhatsAppClient.NewMessageSid());
        longKey[new string('k', 5_000)] = "v";

        foreach (var form in new[] { manyFields, longKey })
        {
            using var response = await whatsapp.PostAsync(form);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        _app.CountRows("interactions").Should().Be(0);
    }

    [Fact]
    public async Task MemoriesJson_OversizedBody_Returns413_ButAMultipartUploadKeepsItsLargerLimit()
    {
        var http = _app.CreateHttpClient();

        using var json = await http.PostMemoryAsync(new { user = User, text = new string('x', 600_000) });
        using var upload = await http.PostAsync("/memories", UploadForm(RandomBytes(2_000_000), "scan.jpg", "image/jpeg"));

        await json.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var problem = await upload.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("files[0]").Should().NotBeEmpty("2 MB of noise is refused for what it is, not for its size");
        _app.CountRows("memories").Should().Be(0);
        _app.CountRows("interactions").Should().Be(0);
    }

    [Fact]
    public async Task Webhook_LyingOrHostileMediaFields_GetAPoliteReplyOrA400_Never500_NeverHalfWritten()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var metadataRedirect = FakeTwilioMedia.Shared.PublishRedirect("http://169.254.169.254/latest/meta-data/");
        var cases = new (string Name, Dictionary<string, string> Fields, HttpStatusCode Expected)[]
        {
            ("NumMedia=abc, no URL", new() { ["NumMedia"] = "abc" }, HttpStatusCode.OK),
            ("NumMedia=-1", new() { ["NumMedia"] = "-1" }, HttpStatusCode.OK),
            ("NumMedia huge", new() { ["NumMedia"] = "99999999999999999999" }, HttpStatusCode.OK),
            ("NumMedia=5, one URL redirecting to the metadata service", new() { ["NumMedia"] = "5", ["MediaUrl0"] = metadataRedirect, ["MediaContentType0"] = "image/jpeg" }, HttpStatusCode.OK),
            ("link-local metadata address", Media("http://169.254.169.254/latest/meta-data/iam/security-credentials/"), HttpStatusCode.OK),
            ("private address", Media("http://10.0.0.1/secret.jpg"), HttpStatusCode.OK),
            ("loopback", Media("http://127.0.0.1:22/"), HttpStatusCode.OK),
            ("IPv6 loopback", Media("http://[::1]/x.jpg"), HttpStatusCode.OK),
            ("IPv4-mapped metadata", Media("http://[::ffff:169.254.169.254]/x"), HttpStatusCode.OK),
            ("unknown host", Media("https://evil.example.com/x.jpg"), HttpStatusCode.OK),
            ("content type lie", Media(FakeTwilioMedia.Shared.Publish("<html>not a photo</html>"u8.ToArray(), "image/jpeg")), HttpStatusCode.OK),
            ("file URL", Media("file:///etc/passwd"), HttpStatusCode.BadRequest),
            ("javascript URL", Media("javascript:alert(1)"), HttpStatusCode.BadRequest),
            ("not a URL", Media("../../etc/passwd"), HttpStatusCode.BadRequest),
            ("gopher URL", Media("gopher://127.0.0.1:6379/_FLUSHALL"), HttpStatusCode.BadRequest),
            ("latitude out of range", new() { ["Latitude"] = "1e308", ["Longitude"] = "NaN" }, HttpStatusCode.BadRequest),
            ("From is empty", new() { ["From"] = "" }, HttpStatusCode.BadRequest),
            ("From without the channel", new() { ["From"] = "+351912345678" }, HttpStatusCode.OK),
            ("From with 200 digits", new() { ["From"] = "whatsapp:+" + new string('9', 200) }, HttpStatusCode.BadRequest),
        };

        foreach (var (name, fields, expected) in cases)
        {
            var sid = WhatsAppClient.NewMessageSid("MM");
            var form = whatsapp.Form("", sid);
            foreach (var (key, value) in fields)
                form[key] = value;

            using var response = await whatsapp.PostAsync(form);
            var text = await response.Content.ReadAsStringAsync();

            ((int)response.StatusCode).Should().BeLessThan(500, "case '{0}' answered {1}", name, text);
            _app.Violation(sid, response.StatusCode).Should().BeNull("case '{0}' answered {1}", name, text);
            response.StatusCode.Should().Be(expected, "case '{0}' answered {1}", name, text);
            if (expected == HttpStatusCode.OK && fields.ContainsKey("MediaUrl0"))
                WhatsAppClient.ReplyText(text).Should().Contain("couldn't keep", "case '{0}' gets a polite refusal", name);
        }

        _app.CountRows("media_assets").Should().Be(0);

        static Dictionary<string, string> Media(string url) => new() { ["NumMedia"] = "1", ["MediaUrl0"] = url, ["MediaContentType0"] = "image/jpeg" };
    }

    [Fact]
    public async Task Webhook_LocationWithACaptionOverTheNoteLimit_GetsTheTooLongReply_NotAFailedInteraction()
    {
        // Found by HostileInputFuzzTests: the location path built a memory over 4000 characters and the domain threw.
        var whatsapp = _app.CreateWhatsAppClient(User);
        var sid = WhatsAppClient.NewMessageSid();
        var form = whatsapp.Form(new string('x', 4_001), sid);
        (form["Latitude"], form["Longitude"]) = ("38.72", "-9.14");

        using var response = await whatsapp.PostAsync(form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync()).Should().Contain("too long").And.Contain("4000");
        _app.Violation(sid, response.StatusCode).Should().BeNull();
        _app.InboundFor(sid).Status.Should().Be("processed");
        _app.CountRows("memories").Should().Be(0);
    }

    [Fact]
    public async Task Webhook_NulControlCharactersAndInvalidUtf8_AreKeptOrRefused_Never500()
    {
        // Unsigned (Development without a token), so the raw bytes reach the app exactly as sent.
        using var app = new ApiFactory(new Dictionary<string, string?> { ["Twilio:AuthToken"] = null });
        var http = app.CreateHttpClient();
        string[] bodies =
        [
            "a%00b%01c%1Fd%7Fe",
            "%FF%FE%C3%28%E2%82",
            "%ED%A0%80lone-surrogate",
            "%EF%BF%BE%EF%BB%BFbom",
            "%E2%80%AE%E2%80%8F%D7%A9%D7%9C%D7%95%D7%9D+%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9",
            "%25%25%2",
            "find+%22%2A+NEAR%28a+b%29+-x+AND+OR+NOT+%5E+%3A",
        ];

        foreach (var body in bodies)
        {
            var sid = WhatsAppClient.NewMessageSid();
            var raw = $"MessageSid={sid}&From=whatsapp%3A%2B351912345678&To=whatsapp%3A%2B14155238886&NumMedia=0&Body={body}";
            using var response = await http.PostAsync("/webhook", new StringContent(raw, Encoding.ASCII, "application/x-www-form-urlencoded"));
            var text = await response.Content.ReadAsStringAsync();

            app.Violation(sid, response.StatusCode).Should().BeNull("Body={0} answered {1}", body, text);
            response.StatusCode.Should().Be(body.Contains("%00", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.OK, "Body={0} answered {1}", body, text);
            using var search = await http.GetAsync($"/memories?user=%2B351912345678&query={body}");
            ((int)search.StatusCode).Should().BeLessThan(500, "query={0}", body);
        }
    }

    [Fact]
    public async Task RestQueryStringsAndPaths_WithHostileValues_Get4xxProblemDetails_Never500()
    {
        var http = _app.CreateHttpClient();
        await http.AddMemoryAsync(User, "Dinner plan: pasta carbonara #food");
        string[] urls =
        [
            "/memories?user=%2B351912345678&query=dinner&tz=Mars/Olympus",
            "/memories?user=%2B351912345678&query=dinner&tz=..%2F..%2Fetc%2Fpasswd",
            "/memories?user=%2B351912345678&query=dinner&tz=%00",
            "/memories?user=%2B351912345678&query=dinner&limit=-1",
            "/memories?user=%2B351912345678&query=dinner&limit=2147483648",
            "/memories?user=%2B351912345678&query=dinner&limit=99999999999999999999",
            "/memories?user=%2B351912345678&query=dinner&limit=abc",
            "/memories?user=%2B351912345678&query=" + new string('a', 6_000),
            "/memories?user=%2B351912345678&query=%00%01%1F%7F",
            "/memories?user=%2B351912345678&query=%FF%FE%C3%28",
            "/memories?user=%2B351912345678&query=%22%22%22*NEAR(%5E%3A-",
            "/memories?user=..%2F..%2Fetc%2Fpasswd&query=x",
            "/memories?user=%00&query=x",
            "/memories/list?user=%2B351912345678&limit=-5",
            "/memories/list?user=%2B351912345678&limit=0",
            "/memories/list?user=%2B351912345678&limit=2147483647",
            "/memories/list?user=%2B351912345678&cursor=%00%FF",
            "/memories/list?user=%2B351912345678&cursor=-1",
            "/memories/list?user=%2B351912345678&cursor=" + new string('A', 4_000),
            "/memories/list?user=%2B351912345678&kind=%27%3B+DROP+TABLE+memories%3B--",
            "/memories/list?user=%2B351912345678&tag=%22%27%3B--",
            "/interactions/recent?limit=-1",
            "/interactions/recent?limit=2147483647",
            "/interactions/recent?limit=1e3",
            "/interactions/recent?user=%FF",
            "/analytics/summary?user=%2B351912345678&days=-1",
            "/analytics/summary?user=%2B351912345678&days=99999999999",
            "/analytics/summary?user=%2B351912345678&days=2147483647",
            "/analytics/summary?user=%2B351912345678&tz=Mars/Olympus",
            "/media/..%2F..%2Fetc%2Fpasswd",
            "/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/media/1?expires=abc&sig=x",
            "/media/-1?expires=-9223372036854775808&sig=x",
            "/media/9223372036854775807?expires=9223372036854775807&sig=%00",
            "/media/1?expires=99999999999999999999999&sig=x",
            "/exports/..%2F..%2Fetc%2Fpasswd?expires=1&sig=x",
            "/exports/%00?expires=9223372036854775807&sig=%FF",
            "/users/-1/export",
            "/users/99999999999999999999/export",
            "/memories/list%FF",
            "/%2e%2e/%2e%2e/etc/passwd",
        ];

        foreach (var url in urls)
        {
            using var response = await http.GetAsync(RawUri(http, url));
            var text = await response.Content.ReadAsStringAsync();

            ((int)response.StatusCode).Should().BeLessThan(500, "{0} answered {1}", url, text);
            text.Should().NotContain("root:x:0:0", "{0} must never serve a file outside the media store", url);
            if ((int)response.StatusCode >= 400)
                response.Content.Headers.ContentType?.MediaType.Should().Be(RestApi.ProblemJson, "{0} answered {1}", url, text);
        }

        // Dot segments sent as they are (no client-side normalisation) never escape the media store.
        foreach (var path in new[] { "/media/../../etc/passwd", "/media/1/../../../etc/passwd", "/exports/../../etc/passwd" })
        {
            using var response = await http.GetAsync(RawUri(http, path));
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }

        using var delete = await http.DeleteAsync(RawUri(http, "/users/-1"));
        ((int)delete.StatusCode).Should().BeLessThan(500);
        _app.CountRows("memories").Should().Be(1, "nothing the hostile requests did changed anything");
    }

    [Fact]
    public async Task PostMemory_WithHostileJson_Returns400_Never500_AndWritesNothing()
    {
        var http = _app.CreateHttpClient();
        (string Body, HttpStatusCode Expected)[] cases =
        [
            ("""{"user":"+351912345678","text":"x","occurredAt":"2026-13-45"}""", HttpStatusCode.BadRequest),
            ("""{"user":"+351912345678","text":"x","occurredAt":"2026-02-30T10:00:00+00:00"}""", HttpStatusCode.BadRequest),
            ("""{"user":"+351912345678","text":"x","occurredAt":"+275760-09-13T00:00:00Z"}""", HttpStatusCode.BadRequest),
            ("""{"user":"+351912345678","text":"x","occurredAt":"2026-11-20T10:00:00+99:00"}""", HttpStatusCode.BadRequest),
            ("""{"user":"+351912345678","text":"x","occurredAt":"2126-11-20T10:00:00+00:00"}""", HttpStatusCode.BadRequest),
            ("""{"user":"../../etc/passwd","text":"x"}""", HttpStatusCode.BadRequest),
            ("""{"user":"+351912345678","text":"x","tags":null,"extra":1}""", HttpStatusCode.BadRequest),
            ("""{"user":"+351912345678","text":""" + "\"" + new string('x', 10_001) + "\"}", HttpStatusCode.BadRequest),
            (new string('[', 10_000) + new string(']', 10_000), HttpStatusCode.BadRequest),
            ("{\"user\":\"+351912345678\",\"text\":\"\\udc00\"}", HttpStatusCode.BadRequest),
            ("not json at all", HttpStatusCode.BadRequest),
            ("", HttpStatusCode.BadRequest),
        ];

        foreach (var (body, expected) in cases)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/memories", content);
            var text = await response.Content.ReadAsStringAsync();

            response.StatusCode.Should().Be(expected, "{0} answered {1}", body.Length > 200 ? body[..200] : body, text);
        }

        using var invalidUtf8 = new ByteArrayContent([.. "{\"user\":\"+351912345678\",\"text\":\""u8, 0xFF, 0xFE, 0xC3, 0x28, .. "\"}"u8]);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var bytes = await http.PostAsync("/memories", invalidUtf8);
        bytes.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _app.CountRows("memories").Should().Be(0);
    }

    [Fact]
    public async Task DecompressionBomb_UploadedOrSentOnWhatsApp_IsRefusedByItsHeader_WithBoundedMemory()
    {
        var bomb = s_bomb.Value;
        bomb.Length.Should().BeLessThan(1_000_000, "50,000 × 50,000 pixels in well under a megabyte");
        var logs = new CapturingLoggerProvider();
        using var app = new ApiFactory(new Dictionary<string, string?> { ["Media:ReplyBudget"] = "00:00:10" }) { Logs = logs };
        var http = app.CreateHttpClient();
        using var process = Process.GetCurrentProcess();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();

        using var upload = await http.PostAsync("/memories", UploadForm(bomb, "bomb.png", "image/png"));
        app.CountRows("media_assets").Should().Be(0, "a refused upload stores nothing");
        var whatsapp = app.CreateWhatsAppClient(User);
        var sid = WhatsAppClient.NewMessageSid("MM");
        var form = whatsapp.Form("", sid);
        form["NumMedia"] = "1";
        form["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(bomb, "image/png");
        form["MediaContentType0"] = "image/png";
        using var webhook = await whatsapp.PostAsync(form);

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "refused from the header, not after decoding");
        process.Refresh();
        (GC.GetTotalMemory(forceFullCollection: true) - before).Should().BeLessThan(200L * 1024 * 1024, "the pixels are never decoded");
        // The upload is refused from its header before anything is stored: a clear 400 naming the file.
        var uploaded = await upload.JsonAsync();
        upload.StatusCode.Should().Be(HttpStatusCode.BadRequest, uploaded.ToString());
        uploaded.ToString().Should().Contain("bomb.png");
        // Past twice MaxSide (20,000) ImageMagick's own width/height resource limit already fails the header ping;
        // between MaxSide and that, the analyzer's cap names the size. Either way nothing is decoded.
        logs.Lines.Where(l => l.Contains("refused: The Png image header could not be read", StringComparison.Ordinal)
                || l.Contains("50000×50000 pixels, over the limit", StringComparison.Ordinal)).Should()
            .HaveCount(1, "the WhatsApp copy is refused from the header before any decoding; logged: {0}",
                string.Join("\n", logs.Lines.Where(l => l.Contains("refused", StringComparison.OrdinalIgnoreCase) || l.Contains("pixel", StringComparison.OrdinalIgnoreCase))));
        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        WhatsAppClient.ReplyText(await webhook.Content.ReadAsStringAsync()).Should().Contain("couldn't keep");
        app.Violation(sid, webhook.StatusCode).Should().BeNull();
        app.CountRows("memories").Should().Be(0);
    }

    private static readonly Lazy<byte[]> s_bomb = new(() => BlankPng.Create(50_000, 50_000));

    private static MultipartFormDataContent UploadForm(byte[] bytes, string name, string type)
    {
        var form = new MultipartFormDataContent { { new StringContent(User), "user" } };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(content, "files", name);
        return form;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(9).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A relative URL sent exactly as written: no dot-segment or escape normalisation by the client.</summary>
    private static Uri RawUri(HttpClient http, string pathAndQuery) =>
        new(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
