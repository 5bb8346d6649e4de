using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Sharing;

/// <summary>
/// "share 1 with +44 7700 900123" through the signed webhook and the real job worker: the recipient is asked by an
/// outbound message, "accept" gives them their own copy marked with who shared it (and traceable to their accept
/// message), "decline" adds nothing; the sharer hears the answer either way.
/// </summary>
public sealed class ShareTests : IDisposable
{
    private const string Sharer = "+351912345678";
    private const string Recipient = "+447700900123";

    // No Twilio account: messages go to the local outbox (the Twilio path has its own tests).
    private readonly ApiFactory _app = new(new Dictionary<string, string?> { ["Twilio:AccountSid"] = null });

    public void Dispose() => _app.Dispose();

    /// <summary>Sends as a WhatsApp user with a profile name (Twilio's ProfileName), returning the reply text.</summary>
    private static async Task<string> SendAsync(WhatsAppClient client, string body, string profileName, string? messageSid = null)
    {
        var form = client.Form(body, messageSid ?? WhatsAppClient.NewMessageSid());
        form["ProfileName"] = profileName;
        using var response = await client.PostAsync(form);
        response.EnsureSuccessStatusCode();
        return WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Accept_GivesTheRecipientTheirOwnCopy_MarkedSharedBy_AndTellsTheSharer()
    {
        var ana = _app.CreateWhatsAppClient(Sharer);
        var ben = _app.CreateWhatsAppClient(Recipient);
        await SendAsync(ana, "The wifi password at the beach house is seashell2026", "Ana");
        (await SendAsync(ana, "what is the wifi password at the beach house?", "Ana")).Should().Contain("1.").And.Contain("seashell2026");

        var offered = await SendAsync(ana, "share 1 with +44 7700 900123", "Ana");

        offered.Should().Contain("Offered").And.Contain("seashell2026").And.Contain("0123")
            .And.NotContain("7700900123", "the recipient's number is masked");
        var offer = (await _app.SettledSentAsync(1)).Should().ContainSingle().Which;
        offer.Recipient.Should().Be(Recipient);
        offer.Purpose.Should().Be("share-offer");
        offer.Body.Should().Contain("*Ana* wants to share a memory").And.Contain("seashell2026").And.Contain("accept");
        (await _app.CreateHttpClient().ListMemoriesAsync(Recipient)).Should().BeEmpty("nothing is added before the recipient accepts");

        var acceptSid = WhatsAppClient.NewMessageSid();
        var accepted = await SendAsync(ben, "accept", "Ben", acceptSid);

        accepted.Should().Contain("Saved to your memories").And.Contain("seashell2026").And.Contain("shared by Ana");
        var answer = await SendAsync(ben, "what is the wifi password at the beach house?", "Ben");
        answer.Should().Contain("seashell2026").And.Contain("(shared by Ana)");

        var sent = await _app.SettledSentAsync(2);
        sent.Should().HaveCount(2);
        var told = sent.Single(m => m.Purpose == "share-answer");
        told.Recipient.Should().Be(Sharer);
        told.Body.Should().Contain("Ben accepted the memory you shared").And.Contain("seashell2026");

        var copy = (await _app.CreateHttpClient().ListMemoriesAsync(Recipient)).Should().ContainSingle().Which;
        copy.Str("content").Should().Be("The wifi password at the beach house is seashell2026");
        copy.Str("sharedBy").Should().Be("Ana");
        var acceptInteraction = (await _app.QueryAsync<long>("SELECT id FROM interactions WHERE message_sid = @acceptSid", new { acceptSid })).Single();
        copy.GetProperty("source").GetProperty("interactionId").GetInt64().Should().Be(acceptInteraction, "the copy comes from the recipient's accept message");
        copy.GetProperty("source").Str("messageSid").Should().Be(acceptSid);

        // The sharer keeps theirs, unmarked.
        var original = (await _app.CreateHttpClient().ListMemoriesAsync(Sharer)).Should().ContainSingle().Which;
        original.GetProperty("sharedBy").ValueKind.Should().BeOneOf(JsonValueKind.Null, JsonValueKind.Undefined);
        (await _app.QueryAsync<string>("SELECT status FROM memory_shares")).Should().Equal("accepted");
    }

    [Fact]
    public async Task Decline_AddsNothing_AndTellsTheSharer()
    {
        var ana = _app.CreateWhatsAppClient(Sharer);
        var ben = _app.CreateWhatsAppClient(Recipient);
        await SendAsync(ana, "Grandma's apple pie: 6 apples, cinnamon, a pinch of nutmeg", "Ana");
        (await SendAsync(ana, "/list", "Ana")).Should().Contain("1.").And.Contain("apple pie");
        (await SendAsync(ana, "share 1 with +44 7700 900123", "Ana")).Should().Contain("Offered");
        await _app.SettledSentAsync(1);

        var declined = await SendAsync(ben, "decline", "Ben");

        declined.Should().Contain("declined").And.Contain("Nothing was added");
        var sent = await _app.SettledSentAsync(2);
        var told = sent.Single(m => m.Purpose == "share-answer");
        told.Recipient.Should().Be(Sharer);
        told.Body.Should().Contain("Ben declined");
        (await _app.CreateHttpClient().ListMemoriesAsync(Recipient)).Should().BeEmpty();
        (await _app.CountAsync("SELECT COUNT(*) FROM memories m JOIN users u ON u.id = m.user_id WHERE u.whatsapp_number = @Recipient", new { Recipient }))
            .Should().Be(0);
        (await _app.QueryAsync<string>("SELECT status FROM memory_shares")).Should().Equal("declined");

        // The offer is answered: a later "accept" is just a note.
        (await SendAsync(ben, "accept", "Ben")).Should().Contain("Saved").And.NotContain("shared by");
    }

    [Fact]
    public async Task SharingWithYourOwnNumberOrAnUnreadableOne_IsRefusedPolitely()
    {
        var ana = _app.CreateWhatsAppClient(Sharer);
        await SendAsync(ana, "Parked on level 3, spot 42", "Ana");
        await SendAsync(ana, "/list", "Ana");

        var own = await SendAsync(ana, "share 1 with +351 912 345 678", "Ana");
        var unreadable = await SendAsync(ana, "share 1 with +0 7700 900123", "Ana");

        own.Should().Contain("your own number");
        unreadable.Should().Contain("couldn't read that number").And.Contain("+44 7700 900123");
        (await _app.CountAsync("SELECT COUNT(*) FROM memory_shares")).Should().Be(0);
        (await _app.CountAsync("SELECT COUNT(*) FROM outbound_messages")).Should().Be(0);
        (await _app.CountAsync("SELECT COUNT(*) FROM users")).Should().Be(1, "no one else was registered");
        (await _app.CreateHttpClient().ListMemoriesAsync(Sharer)).Should().ContainSingle("the share requests are commands, not notes");
    }

    [Fact]
    public async Task Accept_WithNoOpenOffer_IsANormalNote()
    {
        var ben = _app.CreateWhatsAppClient(Recipient);

        var reply = await SendAsync(ben, "accept", "Ben");

        reply.Should().Contain("Saved").And.Contain("accept");
        (await _app.CreateHttpClient().ListMemoriesAsync(Recipient)).Should().ContainSingle().Which.Str("content").Should().Be("accept");
        (await _app.SentAsync()).Should().BeEmpty();
    }
}
