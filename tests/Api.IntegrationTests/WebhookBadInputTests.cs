using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Twilio;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>Malformed, oversized, forged and unusual webhook requests: answered precisely, never a 500, never half-written.</summary>
public sealed class WebhookBadInputTests : IDisposable
{
    private const string User = "+351912345678";
    private const string AccountSid = "AC00000000000000000000000000000000";

    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task MissingMessageSid_Returns400ProblemDetails_AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("Buy stamps for the Christmas cards", WhatsAppClient.NewMessageSid());
        form.Remove("MessageSid");
        form.Remove("SmsMessageSid");

        using var response = await whatsapp.PostAsync(form);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("messageSid").Should().NotBeEmpty();
        await ShouldHaveWrittenNothingAsync(whatsapp.Http);
    }

    [Fact]
    public async Task FromThatIsNotANumber_Returns400_AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("Buy stamps for the Christmas cards", WhatsAppClient.NewMessageSid());
        form["From"] = "whatsapp:not-a-number";

        using var response = await whatsapp.PostAsync(form);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("from").Should().NotBeEmpty();
        await ShouldHaveWrittenNothingAsync(whatsapp.Http);
    }

    [Fact]
    public async Task MessageSidInTheWrongFormat_Returns400()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);

        foreach (var messageSid in new[] { "SM123", "sm0123456789abcdef0123456789abcdef", "SM0123456789abcdef0123456789abcdeZ", "SM0123456789abcdef0123456789abcdef0" })
        {
            using var response = await whatsapp.PostAsync(whatsapp.Form("Buy stamps for the Christmas cards", messageSid));
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.ErrorsFor("messageSid").Should().NotBeEmpty("{0} is not a MessageSid", messageSid);
        }

        await ShouldHaveWrittenNothingAsync(whatsapp.Http);
    }

    [Fact]
    public async Task JsonBody_Returns415()
    {
        var http = _app.CreateHttpClient();
        var json = """{"MessageSid":"SM0123456789abcdef0123456789abcdef","From":"whatsapp:+351912345678","Body":"hello"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(ApiFactory.AuthToken, ApiFactory.PublicBaseUrl + "/webhook", []));

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        await ShouldHaveWrittenNothingAsync(http);
    }

    [Fact]
    public async Task NoContentType_Returns415_AndWritesNothing()
    {
        var http = _app.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new ByteArrayContent([]) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(ApiFactory.AuthToken, ApiFactory.PublicBaseUrl + "/webhook", []));

        using var response = await http.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await ShouldHaveWrittenNothingAsync(http);
    }

    [Fact]
    public async Task Get_Returns405()
    {
        var http = _app.CreateHttpClient();

        using var response = await http.GetAsync("/webhook");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task UnknownExtraFields_AreSigned_Accepted_AndKeptInTheRawPayload()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("Forwarded: the school trip is on 4 December", WhatsAppClient.NewMessageSid());
        form["MessageType"] = "text";
        form["NumSegments"] = "1";
        form["ReferralNumMedia"] = "0";
        form["Forwarded"] = "true";
        form["ChannelMetadata"] = """{"type":"whatsapp","data":{"context":{"ProfileName":"Ana"}}}""";
        form["SomeFieldTwilioAddsNextYear"] = "ção & <xml> \"quotes\"";

        using var response = await whatsapp.PostAsync(form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync()).Should().StartWith("✅ Saved");
        using var payload = JsonDocument.Parse(ReadRawPayload(form["MessageSid"]));
        foreach (var (key, value) in form)
            payload.RootElement.GetProperty(key).GetString().Should().Be(value, "the raw payload keeps field {0} verbatim", key);
    }

    [Fact]
    public async Task FourThousandCharacterBody_IsSavedAsOneMemory()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var body = LongText(4000);

        var reply = await whatsapp.SendAsync(body);

        reply.Should().StartWith("✅ Saved");
        var memory = (await whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle().Subject;
        memory.Str("content").Should().Be(body);
    }

    [Fact]
    public async Task FiveThousandCharacterBody_IsAcceptedAndKeptWhole_AndTheReplyExplainsTheNoteLimit()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var body = LongText(5000);

        using var response = await whatsapp.PostAsync(whatsapp.Form(body, WhatsAppClient.NewMessageSid()));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var reply = WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync());
        reply.Should().Contain("too long").And.Contain("4000");
        reply.Length.Should().BeLessThanOrEqualTo(1600);
        var interaction = (await whatsapp.Http.RecentInteractionsAsync(User)).Should().ContainSingle().Subject;
        interaction.Str("body").Should().Be(body, "the message itself is kept whole on the interaction");
        interaction.Str("status").Should().Be("processed");
    }

    [Fact]
    public async Task BodyOver10000Characters_Returns400_AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);

        using var response = await whatsapp.PostAsync(whatsapp.Form(LongText(10_001), WhatsAppClient.NewMessageSid()));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("body").Should().NotBeEmpty();
        await ShouldHaveWrittenNothingAsync(whatsapp.Http);
    }

    [Fact]
    public async Task EmojiAndRightToLeftText_RoundTripInTheReplyAndTheList()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        const string note = "Dinner with Layla 🍽️🇵🇹 \u200Fשלום עולם, مرحبا بكم 👨‍👩‍👧 #family";

        var reply = await whatsapp.SendAsync(note);

        reply.Should().Contain(note);
        var memory = (await whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle().Subject;
        memory.Str("content").Should().Be(note);
        memory.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal(["family", "food"], "the user's #hashtag first, then the topic \"Dinner\" names");
        var answer = await whatsapp.SendAsync("What about Layla?");
        answer.Should().Contain("שלום עולם").And.Contain("مرحبا بكم").And.Contain("👨‍👩‍👧");
    }

    [Fact]
    public async Task FullTextSearchSyntaxInQuestions_NeverFails()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        await whatsapp.SendAsync("Dinner plan: pasta carbonara, get pancetta");
        string[] questions =
        [
            "find \"dinner",
            "what about din*?",
            "find NEAR(dinner pasta, 2)",
            "find -dinner",
            "find dinner AND OR pasta",
            "any notes about \"pasta\" NOT carbonara?",
            "search content:dinner ^pasta {tags}:x",
            "what did I plan for \"\"\" * ( ) : ^ - + last week?",
        ];

        foreach (var question in questions)
        {
            var reply = await whatsapp.SendAsync(question);
            reply.Should().NotContain("something went wrong", "the question was: {0}", question);

            using var rest = await whatsapp.Http.GetAsync($"/memories?query={Uri.EscapeDataString(question)}&user={Uri.EscapeDataString(User)}");
            rest.StatusCode.Should().Be(HttpStatusCode.OK, "the query was: {0}", question);
        }

        var interactions = await whatsapp.Http.RecentInteractionsAsync(User);
        interactions.Should().HaveCount(questions.Length + 1);
        interactions.Should().OnlyContain(i => i.Str("status") == "processed" && i.GetProperty("error").ValueKind == JsonValueKind.Null);
        (await whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle("questions are not notes");
    }

    [Fact]
    public async Task SignatureComputedOverAnotherUrl_Returns403_AndWritesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("Gate code for the new office is 4471", WhatsAppClient.NewMessageSid());
        var signedForLocalhost = TwilioSignature.Compute(ApiFactory.AuthToken, "http://localhost/webhook", form);

        using var response = await whatsapp.PostAsync(form, signedForLocalhost);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await ShouldHaveWrittenNothingAsync(whatsapp.Http);
    }

    [Fact]
    public async Task ReplayedSignatureWithAChangedBody_Returns403_AndChangesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var form = whatsapp.Form("Transfer 50 EUR to Joana for the concert tickets", WhatsAppClient.NewMessageSid());
        var signature = TwilioSignature.Compute(ApiFactory.AuthToken, ApiFactory.PublicBaseUrl + "/webhook", form);
        using var original = await whatsapp.PostAsync(form, signature);
        original.StatusCode.Should().Be(HttpStatusCode.OK);

        var tampered = new Dictionary<string, string>(form) { ["Body"] = "Transfer 5000 EUR to Joana for the concert tickets" };
        using var replay = await whatsapp.PostAsync(tampered, signature);

        await replay.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var memory = (await whatsapp.Http.ListMemoriesAsync(User)).Should().ContainSingle().Subject;
        memory.Str("content").Should().Contain("50 EUR").And.NotContain("5000");
        var interaction = (await whatsapp.Http.RecentInteractionsAsync(User)).Should().ContainSingle().Subject;
        interaction.GetProperty("duplicateDeliveries").GetInt32().Should().Be(0, "a forged replay is not a delivery");
    }

    [Fact]
    public async Task PhotoWhoseDownloadCannotFinishInTime_IsAcknowledged_RecordedWithItsAttachment_AndQueued()
    {
        // api.twilio.com is unreachable here: the job keeps retrying while the webhook answers within its budget.
        using var app = new ApiFactory(new Dictionary<string, string?> { ["Media:ReplyBudget"] = "00:00:00.300", ["Twilio:ApiBaseUrl"] = "https://api.twilio.com" });
        var whatsapp = app.CreateWhatsAppClient(User);
        var form = PhotoForm(whatsapp, "New haircut, shorter on the sides #hairstyle");

        using var response = await whatsapp.PostAsync(form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync()).Should().StartWith("⏳");
        var interaction = (await whatsapp.Http.RecentInteractionsAsync(User)).Should().ContainSingle().Subject;
        interaction.Str("kind").Should().Be("image");
        interaction.Str("status").Should().Be("acknowledged");
        interaction.GetProperty("attachments").GetInt32().Should().Be(1);
        app.CountRows("jobs").Should().Be(1);
    }

    private static Dictionary<string, string> PhotoForm(WhatsAppClient whatsapp, string caption)
    {
        var sid = WhatsAppClient.NewMessageSid("MM");
        var form = whatsapp.Form(caption, sid);
        form["NumMedia"] = "1";
        form["MediaUrl0"] = $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages/{sid}/Media/ME0123456789abcdef0123456789abcdef";
        form["MediaContentType0"] = "image/jpeg";
        form["MessageType"] = "image";
        return form;
    }

    /// <summary>Realistic prose of exactly <paramref name="length"/> characters.</summary>
    private static string LongText(int length)
    {
        const string sentence = "Meeting notes: the roof repair quote came in at 4,200 EUR, the contractor can start in March if we confirm by Friday. ";
        var builder = new StringBuilder(length + sentence.Length);
        while (builder.Length < length)
            builder.Append(sentence);
        return builder.ToString(0, length - 1) + ".";
    }

    private string ReadRawPayload(string messageSid)
    {
        using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT raw_payload FROM interactions WHERE message_sid = $sid";
        command.Parameters.AddWithValue("$sid", messageSid);
        return (string)command.ExecuteScalar()!;
    }

    private async Task ShouldHaveWrittenNothingAsync(HttpClient http)
    {
        (await http.GetFromJsonAsync<JsonElement>("/interactions/recent?limit=200")).GetArrayLength().Should().Be(0);
        (await http.GetFromJsonAsync<JsonElement>("/memories/list?limit=200")).GetProperty("items").GetArrayLength().Should().Be(0);
        _app.CountRows("users").Should().Be(0, "not even the sender is registered");
        _app.CountRows("interaction_media").Should().Be(0);
    }
}
