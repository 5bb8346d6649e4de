using System.Net;
using System.Text.RegularExpressions;
using MemoryAssistant.Api.IntegrationTests.Support;
using Xunit.Abstractions;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>
/// Plain notes that arrive together are saved together (NoteBatcher, SaveNotesCommand): one transaction for the
/// batch, and every note answered as it would be alone. A second writer holds SQLite's lock so that the notes
/// sent meanwhile queue, then go in one batch.
/// </summary>
public sealed partial class NoteBatchTests : IDisposable
{
    private readonly ITestOutputHelper _output;

    private const string Ana = "+351912345678";
    private const string Ben = "+351912000111";
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ApiFactory _app;

    public NoteBatchTests(ITestOutputHelper output)
    {
        _output = output;
        _app = new ApiFactory(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:MemoryAssistant.Application.Conversations.Commands.SaveNotes"] = "Debug",
        }) { Logs = _logs };
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task NotesArrivingTogether_AreSavedInOneTransaction_EachAnsweredAsIfAlone()
    {
        var ana = _app.CreateWhatsAppClient(Ana);
        var ben = _app.CreateWhatsAppClient(Ben);
        var earlierSid = WhatsAppClient.NewMessageSid();
        var earlierReply = await ana.SendAsync("Parked on level 3 of the airport garage", earlierSid);
        earlierReply.Should().Contain("Welcome", "a first message is welcomed");
        (await ben.SendAsync("Started reading a new novel")).Should().Contain("Welcome");

        var repeatedSid = WhatsAppClient.NewMessageSid();
        var sends = new List<(WhatsAppClient Client, string Body, string Sid)>
        {
            (ana, "Dinner with Marta on Friday: she loves the ramen place", repeatedSid),
            (ana, "Dinner with Marta on Friday: she loves the ramen place", repeatedSid),
            (ana, "Dinner with Marta on Friday: she loves the ramen place", repeatedSid),
            (ana, "The plumber fixed the kitchen sink, paid 80 euros", WhatsAppClient.NewMessageSid()),
            (ana, "Parked on level 3 of the airport garage", earlierSid),
            (ben, "Dentist said my tooth is fine, so relieved", WhatsAppClient.NewMessageSid()),
            (ben, "Gym membership renews on the 1st", WhatsAppClient.NewMessageSid()),
        };

        var secondWriter = await SecondWriter.HoldLockAsync(_app);
        var posted = new List<Task<(HttpStatusCode Status, string Reply)>>();
        foreach (var (client, body, sid) in sends)
        {
            posted.Add(PostAsync(client, body, sid));
            await Task.Delay(50);
        }

        await Task.Delay(500);
        await secondWriter.ReleaseAsync();
        var replies = await Task.WhenAll(posted);

        replies.Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        var saved = replies.Where((_, i) => i != 4).Select(r => r.Reply).ToList();
        saved.Should().OnlyContain(r => r.StartsWith("✅ Saved", StringComparison.Ordinal) && !r.Contains("Welcome", StringComparison.Ordinal),
            "both users had talked before: no welcome");
        replies[0].Reply.Should().Be(replies[1].Reply).And.Be(replies[2].Reply, "every delivery of one message gets the same reply");
        replies[0].Reply.Should().Contain("#food", "notes are tagged in a batch too");
        replies[4].Reply.Should().Be(earlierReply, "a message recorded before is answered with its first reply");

        // Exactly one row per message, duplicates counted, nothing failed.
        (await _app.CountAsync("SELECT COUNT(*) FROM interactions")).Should().Be(2 + 4);
        (await _app.CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(2 + 4);
        (await _app.CountAsync("SELECT COUNT(*) FROM interactions WHERE status <> 'processed'")).Should().Be(0);
        (await _app.CountAsync("SELECT duplicate_deliveries FROM interactions WHERE message_sid = @repeatedSid", new { repeatedSid })).Should().Be(2);
        (await _app.CountAsync("SELECT duplicate_deliveries FROM interactions WHERE message_sid = @earlierSid", new { earlierSid })).Should().Be(1);
        // Every memory is traceable to its interaction, indexed for search, and has a mood.
        (await _app.CountAsync("SELECT COUNT(*) FROM memories m JOIN interactions i ON i.id = m.interaction_id WHERE i.body = m.content")).Should().Be(6);
        (await _app.CountAsync("SELECT COUNT(*) FROM memory_index")).Should().Be(6);
        (await _app.CountAsync("SELECT COUNT(*) FROM memory_vectors v JOIN memories m ON m.id = v.memory_id AND m.user_id = v.user_id")).Should().Be(6, "each note has its meaning vector, under its owner");
        (await _app.CountAsync("SELECT COUNT(*) FROM memories WHERE mood_valence IS NOT NULL")).Should().Be(6);
        // Each user's thread points at one of their own memories, so "undo" removes a note of theirs.
        (await _app.CountAsync(
            "SELECT COUNT(*) FROM conversation_states c JOIN memories m ON m.id = c.last_saved_memory_id WHERE m.user_id = c.user_id")).Should().Be(2);

        var batches = _logs.Lines.Select(l => BatchSize().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        batches.Max().Should().BeGreaterThan(1, "notes that waited for the lock were saved together");
        _output.WriteLine($"Batches: {string.Join(", ", batches)}");

        // And the notes are found.
        var answer = await ana.SendAsync("what did I pay the plumber?");
        answer.Should().Contain("80 euros");
    }

    private static async Task<(HttpStatusCode, string)> PostAsync(WhatsAppClient client, string body, string sid)
    {
        using var response = await client.PostAsync(client.Form(body, sid));
        return (response.StatusCode, WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex(@"Saved (?<n>\d+) notes in one transaction")]
    private static partial Regex BatchSize();
}
