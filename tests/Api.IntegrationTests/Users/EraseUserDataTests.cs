using System.Globalization;
using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Application.Users.Commands.EraseUserData;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Outbound;
using MemoryAssistant.Domain.Places;
using MemoryAssistant.Domain.Reminders;
using MemoryAssistant.Domain.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Users;

/// <summary>
/// "Your data in your hands", the erase: <c>DELETE /users/{id}</c> leaves no row that refers to the user in any table,
/// keeps a photo another user also sent (one file per content hash) until they go too, and leaves a memory the user
/// shared with the recipient who accepted it.
/// </summary>
public sealed class EraseUserDataTests : IDisposable
{
    private const string Ana = "+351912345678";
    private const string Ben = "+447700900123";

    /// <summary>Words only Ana ever wrote, looked for in every text cell of every table after her erasure.</summary>
    private const string AnaSecret = "Locker combination 7319 at the Alfama gym";

    private const string SharedNote = "Team dinner on Friday at Cervejaria Ramiro #work";

    // FTS5's own storage: it keeps structure records however empty the index is.
    private static readonly string[] s_ftsInternals = ["memory_index_data", "memory_index_idx", "memory_index_config"];

    private readonly string _work = Directory.CreateTempSubdirectory("erase-tests-").FullName;
    private readonly ApiFactory _app = new(new Dictionary<string, string?> { ["Media:ReplyBudget"] = "00:01:00" });

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Erase_WhenTwoUsersSentTheSamePhoto_LeavesNoTraceOfTheFirst_KeepsTheFileForTheSecond_ThenDeletesIt()
    {
        var ana = _app.CreateWhatsAppClient(Ana);
        var ben = _app.CreateWhatsAppClient(Ben);
        var photo = await MediaFiles.PhotoAsync(_work, "ROOFTOP VIEW", gradient: "orange-purple");
        (await ana.SendAsync(AnaSecret)).Should().StartWith("✅ Saved");
        (await ana.SendAsync(SharedNote)).Should().StartWith("✅ Saved");
        (await ana.SendMediaAsync("rooftop view from the hotel", photo, "image/jpeg")).Should().StartWith("📷 Saved your photo");
        (await ana.SendAsync("where is my locker?")).Should().Contain("7319");
        (await ben.SendMediaAsync("the rooftop view Ana sent", photo, "image/jpeg")).Should().StartWith("📷 Saved your photo");
        (await ben.SendAsync("Dentist on Tuesday at 3pm")).Should().StartWith("✅ Saved");
        var anaId = _app.UserIdOf(Ana);
        var benId = _app.UserIdOf(Ben);
        var seeded = await SeedEverythingElseAsync(anaId, benId);
        var anaInteractions = Ids($"SELECT id FROM interactions WHERE user_id = {anaId}");
        var anaMemories = Ids($"SELECT id FROM memories WHERE user_id = {anaId}");
        var anaExternalId = _app.ExternalIdOf(Ana);
        var filePath = Path.Combine(_app.DataDirectory, _app.Scalar<string>("SELECT storage_path FROM media_assets"));
        _app.Scalar<long>($"SELECT count(*) FROM conversation_states WHERE user_id = {anaId}").Should().Be(1, "the question left a thread");
        _app.Scalar<long>($"SELECT count(*) FROM memory_vectors WHERE user_id = {anaId}").Should().Be(anaMemories.Count);
        _app.ColumnsContaining("alfama").Should().Contain("memory_index_data.block", "the scan below does see the keyword index's words");

        using var response = await ana.Http.DeleteAsync($"/users/{anaId}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var summary = await response.JsonAsync();
        summary.GetProperty("interactions").GetInt32().Should().Be(anaInteractions.Count).And.Be(4);
        summary.GetProperty("memories").GetInt32().Should().Be(anaMemories.Count).And.Be(3);
        summary.GetProperty("mediaFilesDeleted").GetInt32().Should().Be(0);
        summary.GetProperty("mediaFilesKept").GetInt32().Should().Be(1, "Ben sent the same photo");

        // No row in any table refers to Ana: by user, by her interactions, by her memories, by her jobs' subjects.
        foreach (var (table, columns) in _app.Tables())
        {
            foreach (var (column, _) in columns.Where(c => c.Name.EndsWith("user_id", StringComparison.Ordinal)))
                Ids($"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" = {anaId}").Should().BeEmpty("{0}.{1} must not name the erased user", table, column);
            foreach (var (column, _) in columns.Where(c => c.Name == "interaction_id"))
                Ids($"SELECT \"{column}\" FROM \"{table}\"").Should().NotIntersectWith(anaInteractions, "{0}.{1}", table, column);
            foreach (var (column, _) in columns.Where(c => c.Name is "memory_id" or "copy_memory_id" or "last_saved_memory_id" or "pending_forget_memory_id"))
                Ids($"SELECT \"{column}\" FROM \"{table}\"").Should().NotIntersectWith(anaMemories, "{0}.{1}", table, column);
        }

        _app.Scalar<long>($"SELECT count(*) FROM users WHERE id = {anaId}").Should().Be(0);
        Ids("SELECT rowid FROM memory_index").Should().NotIntersectWith(anaMemories, "the keyword index forgets her memories");
        _app.CountRows("memory_index").Should().Be(_app.CountRows("memories"));
        Ids("SELECT subject_id FROM jobs").Should().NotContain([seeded.ReminderId, seeded.OutboundId, anaId]);
        _app.CountRows("reminders").Should().Be(0);
        _app.CountRows("outbound_messages").Should().Be(0);
        _app.CountRows("saved_places").Should().Be(0);
        // Her words are not even left in the keyword index's segments (FTS5 keeps deleted words until they are merged).
        foreach (var trace in new[] { "Locker combination", "Alfama", "alfama", Ana, Ana.TrimStart('+'), anaExternalId })
            _app.ColumnsContaining(trace).Should().BeEmpty("nothing Ana wrote or was known by is left ({0})", trace);
        _app.Column("SELECT summary FROM user_erasures").Should().Equal("4 interactions, 3 memories, 0 media files deleted, 1 kept (shared)");
        _app.Column("SELECT confirming_message_sid FROM user_erasures").Should().Equal([null]);

        // Ben keeps the shared photo, his own memory of it, and the copy of what Ana shared with him.
        File.Exists(filePath).Should().BeTrue("Ben still refers to the same bytes");
        var benMemories = await ben.Http.ListMemoriesAsync(Ben);
        benMemories.Should().HaveCount(3);
        benMemories.Single(m => m.Str("kind") == "image").GetProperty("media").Str("sha256").Should().Be(UserDataFixtures.Sha256(photo));
        (await ben.Http.SearchAsync(Ben, "rooftop view")).HitContents().Should().Contain(c => c.Contains("rooftop view Ana sent", StringComparison.Ordinal));
        (await ben.SendAsync("show me the rooftop photo")).Should().Contain("rooftop");
        _app.Column($"SELECT shared_by_name FROM memories WHERE id = {seeded.CopyId} AND shared_by_user_id IS NULL").Should().Equal("Ana");
        _app.Column($"SELECT status FROM memory_shares WHERE copy_memory_id = {seeded.CopyId} AND from_user_id IS NULL AND memory_id IS NULL").Should().Equal("accepted");

        using var benErased = await ben.Http.DeleteAsync($"/users/{benId}");

        var benSummary = await benErased.JsonAsync();
        benSummary.GetProperty("mediaFilesDeleted").GetInt32().Should().Be(1);
        benSummary.GetProperty("mediaFilesKept").GetInt32().Should().Be(0);
        (await Eventually.TrueAsync(() => !File.Exists(filePath))).Should().BeTrue("the last reference is gone, so the file is deleted after the commit");
        Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "media"), "*", SearchOption.AllDirectories).Should().BeEmpty();
        _app.CountRows("media_assets").Should().Be(0);
        foreach (var table in _app.Tables().Keys.Except(["user_erasures", "__EFMigrationsHistory", "sqlite_sequence", .. s_ftsInternals]))
            _app.CountRows(table).Should().Be(0, "everyone was erased, so {0} is empty", table);
        _app.CountRows("user_erasures").Should().Be(2);
    }

    [Fact]
    public async Task Erase_UnknownUser_Returns404ProblemDetails_AndRecordsNothing()
    {
        var http = _app.CreateHttpClient();

        using var response = await http.DeleteAsync("/users/4242");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain("4242");
        _app.CountRows("user_erasures").Should().Be(0);
    }

    [Fact]
    public async Task Erase_TwiceForTheSameUser_SecondTimeIs404()
    {
        var whatsapp = _app.CreateWhatsAppClient(Ana);
        (await whatsapp.SendAsync("Bike lock code is 0451")).Should().StartWith("✅ Saved");
        var id = _app.UserIdOf(Ana);

        using var first = await whatsapp.Http.DeleteAsync($"/users/{id}");
        using var second = await whatsapp.Http.DeleteAsync($"/users/{id}");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        await second.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        _app.CountRows("user_erasures").Should().Be(1);
    }

    [Fact]
    public async Task ConfirmingMessageSid_RedeliveredAfterTheErase_CreatesNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(Ana);
        (await whatsapp.SendAsync("Bike lock code is 0451")).Should().StartWith("✅ Saved");
        var confirmingSid = WhatsAppClient.NewMessageSid();
        await whatsapp.SendAsync("yes, erase everything", confirmingSid);
        var id = _app.UserIdOf(Ana);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var erased = await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new EraseUserDataCommand(id, confirmingSid));
            erased.Should().Be(new ErasureSummary(Interactions: 2, Memories: 2, MediaFilesDeleted: 0, MediaFilesKept: 0));
        }

        var again = await whatsapp.SendAsync("yes, erase everything", confirmingSid);

        again.Should().Be("Your data was erased.");
        _app.CountRows("users").Should().Be(0, "Twilio's redelivery must not register the number again");
        _app.CountRows("interactions").Should().Be(0);
        _app.CountRows("memories").Should().Be(0);
        _app.Column("SELECT confirming_message_sid FROM user_erasures").Should().Equal(confirmingSid);
        (await whatsapp.SendAsync("Hello again")).Should().StartWith("✅ Saved", "a new message is a new start");
        _app.CountRows("users").Should().Be(1);
    }

    /// <summary>The rows features other than the webhook's notes create, written with the domain's own factories.</summary>
    private async Task<(long ReminderId, long OutboundId, long CopyId)> SeedEverythingElseAsync(long anaId, long benId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var now = _app.Clock.GetCurrentInstant();
        var later = now + Duration.FromDays(1); // every job waits, so the worker leaves them alone
        var ana = await db.Users.SingleAsync(u => u.Id == anaId);
        var ben = await db.Users.SingleAsync(u => u.Id == benId);
        var secret = await db.Memories.Include(m => m.Interaction).SingleAsync(m => m.UserId == anaId && m.Content == AnaSecret);
        var shared = await db.Memories.SingleAsync(m => m.UserId == anaId && m.Content == SharedNote);
        var benPhoto = await db.Memories.SingleAsync(m => m.UserId == benId && m.Kind == MemoryKind.Image);

        var reminder = Reminder.Schedule(ana, secret.Interaction!, secret, "change the locker code", later, "0 8 * * 1", now);
        db.Reminders.Add(reminder);
        var outbound = OutboundMessage.Queue(ana, "reminder", "reminder:test:" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "⏰ change the locker code", null, now);
        db.OutboundMessages.Add(outbound);
        db.SavedPlaces.Add(SavedPlace.Create(anaId, "gym", 38.7115, -9.1302, now));
        ana.EnableDigest(new LocalTime(8, 0));
        db.MemoryShares.Add(MemoryShare.Offer(benPhoto.Id, benId, anaId, now));
        await db.SaveChangesAsync();

        db.Jobs.Add(Job.DeliverReminder(reminder.Id, later, now));
        db.Jobs.Add(Job.SendOutbound(outbound.Id, later));
        db.Jobs.Add(Job.SendDigest(anaId, later, now));

        // Ana shared a note and Ben accepted: his copy is a memory of his, from his "accept" message.
        var accept = Interaction.ReceiveWhatsApp(ben, MessageSid.Parse(WhatsAppClient.NewMessageSid()), "accept", "{}", now);
        accept.MarkAnswered("✅ Saved Ana's memory", now);
        db.Interactions.Add(accept);
        var copy = await scope.ServiceProvider.GetRequiredService<MemoryWriter>()
            .RememberAsync(ben, accept, MemoryKind.Text, shared.Content, shared.OccurredAt, null, CancellationToken.None);
        copy.MarkSharedBy(anaId, "Ana");
        var share = MemoryShare.Offer(shared.Id, anaId, benId, now);
        share.Accept(copy.Id, now);
        db.MemoryShares.Add(share);
        await db.SaveChangesAsync();
        return (reminder.Id, outbound.Id, copy.Id);
    }

    private List<long> Ids(string sql) => _app.Column(sql).Where(v => v is not null).Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToList();
}
