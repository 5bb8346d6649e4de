using System.Net;
using System.Xml.Linq;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Media;

/// <summary>
/// Photos and voice notes end to end: signed webhook → durable job → download from a loopback Twilio
/// (Basic auth, redirect to a CDN without credentials) → stored once by hash → understood once (OCR,
/// EXIF, offline transcription) → remembered → found by a question → sent back as a signed link.
/// </summary>
public sealed class MediaPipelineTests : IAsyncLifetime
{
    private const string User = "+351912345678";
    private FakeTwilioMedia _twilio = null!;
    private ApiFactory _app = null!;
    private WhatsAppClient _whatsapp = null!;
    private readonly string _work = Directory.CreateTempSubdirectory("media-tests-").FullName;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilioMedia.StartAsync(ApiFactory.AuthToken);
        _app = NewApp(TimeSpan.FromSeconds(60));
        _whatsapp = _app.CreateWhatsAppClient(User);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _twilio.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    // This class owns its fake (it counts requests and credentials per test); outbound messages go to the local outbox.
    private ApiFactory NewApp(TimeSpan replyBudget) =>
        new(new Dictionary<string, string?>(_twilio.Settings) { ["Media:ReplyBudget"] = replyBudget.ToString() });

    private static async Task<string> SendMediaAsync(WhatsAppClient whatsapp, string caption, string url, string contentType, string? sid = null)
    {
        var form = whatsapp.Form(caption, sid ?? WhatsAppClient.NewMessageSid("MM"));
        form["NumMedia"] = "1";
        form["MediaUrl0"] = url;
        form["MediaContentType0"] = contentType;
        using var response = await whatsapp.PostAsync(form);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return WhatsAppClient.ReplyText(body);
    }

    [Fact]
    public async Task Photo_IsDownloadedReadAndRemembered_AndFoundByWhatItShows()
    {
        var photo = await MediaFiles.PhotoAsync(_work, "MILK EGGS BREAD", exifDateTime: "2026:11:20 09:12:00");

        var reply = await SendMediaAsync(_whatsapp, "shopping list on the fridge", _twilio.Publish(photo, "image/jpeg"), "image/jpeg");

        reply.Should().StartWith("📷 Saved your photo").And.Contain("shopping list on the fridge").And.ContainEquivalentOf("milk");
        _twilio.CdnAuthorizationHeaders.Should().OnlyContain(h => h.Length == 0, "credentials go to Twilio's API host only");
        var memory = (await _whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle().Subject;
        memory.Str("kind").Should().Be("image");
        memory.Str("occurredAt").Should().StartWith("2026-11-20T09:12:00", "the EXIF capture time is earlier than the message");
        var media = memory.GetProperty("media");
        media.GetProperty("width").GetInt32().Should().Be(900);
        media.GetProperty("latitude").GetDouble().Should().BeApproximately(38.7223, 1e-3);
        media.GetProperty("longitude").GetDouble().Should().BeApproximately(-9.1393, 1e-3);

        var answer = await _whatsapp.SendAsync("what was on the shopping list?");
        answer.Should().ContainEquivalentOf("milk");
    }

    [Fact]
    public async Task SamePhotoThreeTimes_OneFileOneAsset_ThreeInteractions_AndForwardedCopyIsANearDuplicate()
    {
        var photo = await MediaFiles.PhotoAsync(_work, "NEW HAIRCUT", gradient: "orange-purple");
        var other = _app.CreateWhatsAppClient("+447700900123");

        await SendMediaAsync(_whatsapp, "new haircut!", _twilio.Publish(photo, "image/jpeg"), "image/jpeg");
        await SendMediaAsync(_whatsapp, "", _twilio.Publish(photo, "image/jpeg"), "image/jpeg");
        await SendMediaAsync(other, "look at this", _twilio.Publish(photo, "image/jpeg"), "image/jpeg");
        var forwarded = await SendMediaAsync(other, "forwarded", _twilio.Publish(await MediaFiles.RecompressAsync(_work, photo), "image/jpeg"), "image/jpeg");

        _app.CountRows("media_assets").Should().Be(2, "the same bytes are one asset; the recompressed copy is another file");
        _app.CountRows("interaction_media").Should().Be(4);
        Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "media"), "*", SearchOption.AllDirectories).Should().HaveCount(2);
        forwarded.Should().Contain("looks like a photo you sent before");
        var summary = await (await _whatsapp.Http.GetAsync("/analytics/summary")).JsonAsync();
        summary.GetProperty("mediaReused").GetInt64().Should().Be(2);
        summary.GetProperty("nearDuplicates").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task VoiceNote_IsTranscribedOffline_AndFoundByAQuestionAboutIt()
    {
        var voice = await MediaFiles.VoiceNoteAsync(_work, "remember to buy milk eggs and bread for dinner tonight");

        var reply = await SendMediaAsync(_whatsapp, "", _twilio.Publish(voice, "audio/ogg"), "audio/ogg; codecs=opus");

        reply.Should().StartWith("🎙️ Saved your voice note");
        var memory = (await _whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle().Subject;
        memory.Str("kind").Should().Be("audio");
        var transcript = memory.GetProperty("media").GetProperty("transcript");
        transcript.Str("engine").Should().Be("pocketsphinx");
        transcript.GetProperty("lowConfidence").GetBoolean().Should().BeTrue();
        (await _whatsapp.SendAsync("what did I say about dinner?")).Should().Contain("Voice note");
    }

    [Fact]
    public async Task ShowMeThePhoto_RepliesWithASignedLinkToTheOriginal()
    {
        var photo = await MediaFiles.PhotoAsync(_work, "HAIRCUT", gradient: "pink-teal");
        await SendMediaAsync(_whatsapp, "new haircut! shorter on the sides", _twilio.Publish(photo, "image/jpeg"), "image/jpeg");

        using var response = await _whatsapp.PostAsync(_whatsapp.Form("Show me my haircut photo", WhatsAppClient.NewMessageSid()));
        var twiml = XDocument.Parse(await response.Content.ReadAsStringAsync());

        var link = new Uri(twiml.Descendants("Media").Should().ContainSingle().Subject.Value);
        link.AbsoluteUri.Should().StartWith(ApiFactory.PublicBaseUrl + "/media/");
        var bytes = await _whatsapp.Http.GetByteArrayAsync(link.PathAndQuery);
        bytes.Should().Equal(photo);
        using var tampered = await _whatsapp.Http.GetAsync(link.PathAndQuery.Replace("sig=", "sig=0", StringComparison.Ordinal));
        tampered.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HostileMedia_IsRefusedWithAFriendlyReply_AndNothingHalfWritten()
    {
        var html = "<html><body>not a photo</body></html>"u8.ToArray();

        var metadata = await SendMediaAsync(_whatsapp, "", _twilio.PublishRedirect("http://169.254.169.254/latest/meta-data/"), "image/jpeg");
        var lie = await SendMediaAsync(_whatsapp, "", _twilio.Publish(html, "image/jpeg"), "image/jpeg");
        var empty = await SendMediaAsync(_whatsapp, "", _twilio.Publish([], "image/jpeg"), "image/jpeg");

        foreach (var reply in new[] { metadata, lie, empty })
            reply.Should().Contain("couldn't keep");
        _app.CountRows("media_assets").Should().Be(0);
        _app.CountRows("memories").Should().Be(0);
        _app.CountRows("interactions").Should().Be(3, "every message is still recorded");
    }

    [Fact]
    public async Task WorkOutlastingTheReplyBudget_IsAcknowledged_ThenTheResultArrivesAsAnOutboundMessage()
    {
        using var hurried = NewApp(TimeSpan.Zero);
        var whatsapp = hurried.CreateWhatsAppClient(User);
        var photo = await MediaFiles.PhotoAsync(_work, "RECEIPT 42.50", gradient: "white-gray");

        var reply = await SendMediaAsync(whatsapp, "dinner receipt", _twilio.Publish(photo, "image/jpeg"), "image/jpeg");

        reply.Should().StartWith("⏳");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<System.Text.Json.JsonElement> outbound = [];
        while (DateTime.UtcNow < deadline && outbound.Count == 0)
        {
            await Task.Delay(250);
            outbound = (await whatsapp.Http.RecentInteractionsAsync(User)).Where(i => i.Str("direction") == "outbound").ToList();
        }

        outbound.Should().ContainSingle().Which.Str("body").Should().StartWith("📷 Saved your photo");
        (await whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle();
    }
}
