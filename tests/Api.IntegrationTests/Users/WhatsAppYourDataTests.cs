using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Users;

/// <summary>"/export" answers with a working signed link; "/erase" needs the typed confirmation, then leaves nothing.</summary>
public sealed partial class WhatsAppYourDataTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();
    private readonly WhatsAppClient _whatsapp;

    public WhatsAppYourDataTests() => _whatsapp = _app.CreateWhatsAppClient(User);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Export_RepliesWithALinkToAZipOfEverything()
    {
        await _whatsapp.SendAsync("Passport renewal is due in March #admin");
        await _whatsapp.SendAsync("remind me tomorrow at 9 to call mom");

        var reply = await _whatsapp.SendAsync("/export");

        var link = new Uri(ExportLink().Match(reply).Value);
        link.AbsoluteUri.Should().StartWith(ApiFactory.PublicBaseUrl + "/exports/");
        using var response = await _whatsapp.Http.GetAsync(link.PathAndQuery);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var memories = JsonDocument.Parse(zip.GetEntry("memories.json")!.Open()).RootElement;
        memories.EnumerateArray().Select(m => m.GetProperty("content").GetString()).Should().Contain(c => c!.Contains("Passport"));
        var reminders = JsonDocument.Parse(zip.GetEntry("reminders.json")!.Open()).RootElement;
        reminders.EnumerateArray().Single().GetProperty("what").GetString().Should().Be("call mom");
    }

    [Fact]
    public async Task Erase_AfterTheTypedConfirmation_LeavesNoRow_AndARedeliveryRegistersNothing()
    {
        await _whatsapp.SendAsync("Passport renewal is due in March #admin");
        var premature = await _whatsapp.SendAsync("ERASE MY DATA");
        var asked = await _whatsapp.SendAsync("/erase");
        var stillThere = await _app.CountAsync("SELECT COUNT(*) FROM memories");

        var confirmSid = WhatsAppClient.NewMessageSid();
        var done = await _whatsapp.SendAsync("ERASE MY DATA", confirmSid);
        var redelivered = await _whatsapp.SendAsync("ERASE MY DATA", confirmSid);

        premature.Should().Contain("Nothing to confirm");
        asked.Should().Contain("ERASE MY DATA").And.Contain("cannot be undone");
        stillThere.Should().Be(1);
        done.Should().Contain("erased");
        redelivered.Should().Contain("erased");
        foreach (var table in new[] { "users", "interactions", "memories", "memory_tags", "memory_vectors", "conversation_states", "reminders", "jobs" })
            (await _app.CountAsync($"SELECT COUNT(*) FROM {table}")).Should().Be(0, $"{table} should be empty");
        (await _app.CountAsync("SELECT COUNT(*) FROM user_erasures WHERE confirming_message_sid = @confirmSid", new { confirmSid })).Should().Be(1);
    }

    [GeneratedRegex(@"https?://\S+/exports/\S+")]
    private static partial Regex ExportLink();
}
