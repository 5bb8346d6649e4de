using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>
/// A week of notes, then the follow-ups people actually type, all through the signed webhook: "more",
/// "the second one", "what about last month?", "the week before", "undo", "forget 3" + yes, greetings.
/// </summary>
public sealed class ConversationTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();
    private readonly WhatsAppClient _whatsapp;

    public ConversationTests() => _whatsapp = _app.CreateWhatsAppClient(User);

    public void Dispose() => _app.Dispose();

    /// <summary>Notes sent at given local days of November 2026 (Lisbon is UTC+0 then).</summary>
    private async Task NoteOnAsync(int day, int hour, string text)
    {
        _app.Clock.Set(Instant.FromUtc(2026, 11, day, hour, 0));
        await _whatsapp.SendAsync(text);
    }

    private async Task ScriptedMonthAsync()
    {
        await NoteOnAsync(2, 19, "Dinner at Casa Nostra with Ana, the truffle pasta was amazing");
        await NoteOnAsync(9, 20, "Dinner plan: ramen at home, buy noodles and eggs");
        await NoteOnAsync(16, 19, "Dinner with Joao at the Thai place near work");
        await NoteOnAsync(17, 13, "Lunch: sushi with the team");
        await NoteOnAsync(18, 20, "Dinner plan: pasta carbonara, get pancetta");
        await NoteOnAsync(19, 19, "Dinner: leftover carbonara");
        await NoteOnAsync(20, 21, "Dinner party at Rita's on Saturday, bring wine");
        await NoteOnAsync(21, 12, "Brunch with mum at the market");
        await NoteOnAsync(22, 20, "Dinner: grilled fish and salad");
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
    }

    [Fact]
    public async Task Question_ThenMore_ThenTheSecondOne_ThenAnotherPeriod()
    {
        await ScriptedMonthAsync();

        var answer = await _whatsapp.SendAsync("what did I have for dinner?");
        var more = await _whatsapp.SendAsync("more");
        var second = await _whatsapp.SendAsync("the second one");
        var weekBefore = await _whatsapp.SendAsync("what about last week?");
        var evenEarlier = await _whatsapp.SendAsync("and the week before?");

        answer.Should().Contain("1. ").And.Contain("5. ").And.Contain("Reply *more*");
        more.Should().StartWith("6. ");
        second.Should().StartWith("*2.*");
        weekBefore.Should().Contain("last week").And.Contain("carbonara").And.NotContain("ramen");
        evenEarlier.Should().Contain("the week before").And.Contain("ramen").And.NotContain("carbonara");
    }

    [Fact]
    public async Task MoreWithoutAQuestion_AndNumbersBeyondTheResults_AreExplained()
    {
        (await _whatsapp.SendAsync("more")).Should().Contain("Ask me something first");

        await NoteOnAsync(20, 10, "Parked on level 3, spot B12");
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
        await _whatsapp.SendAsync("where did I park?");

        (await _whatsapp.SendAsync("the fourth one")).Should().Contain("no item 4");
        (await _whatsapp.SendAsync("more")).Should().Contain("That's everything");
    }

    [Fact]
    public async Task Undo_ForgetsTheNoteJustSaved_EverywhereAndOnce()
    {
        await _whatsapp.SendAsync("Locker code 4512");

        var undone = await _whatsapp.SendAsync("undo");
        var again = await _whatsapp.SendAsync("undo");

        undone.Should().Contain("Undone").And.Contain("Locker code 4512");
        again.Should().Contain("nothing to undo");
        (await _whatsapp.Http.ListMemoriesAsync(User)).Should().BeEmpty();
        (await _whatsapp.Http.SearchAsync(User, "locker code")).HitContents().Should().BeEmpty();
        _app.CountRows("memory_index").Should().Be(0);
        _app.CountRows("memory_vectors").Should().Be(0);
    }

    [Fact]
    public async Task ForgetItem_AsksFirst_ThenDeletesOnYes_AndNoKeepsIt()
    {
        await ScriptedMonthAsync();
        var list = await _whatsapp.SendAsync("/list 5");
        list.Should().Contain("3. ");

        var ask = await _whatsapp.SendAsync("forget 3");
        var kept = await _whatsapp.SendAsync("no");
        var askAgain = await _whatsapp.SendAsync("forget 3");
        var yes = await _whatsapp.SendAsync("yes");
        var yesAgain = await _whatsapp.SendAsync("yes");

        ask.Should().Contain("Forget item 3").And.Contain("Reply *yes*");
        kept.Should().Contain("Kept");
        askAgain.Should().Contain("Forget item 3");
        yes.Should().Contain("Forgotten").And.Contain("Dinner party at Rita's");
        yesAgain.Should().Contain("nothing waiting");
        var contents = (await _whatsapp.Http.ListMemoriesAsync(User)).Select(m => m.Str("content")).ToList();
        contents.Should().HaveCount(8).And.NotContain(c => c.Contains("Rita", StringComparison.Ordinal));
        (await _whatsapp.Http.SearchAsync(User, "dinner party Rita")).HitContents().Should().NotContain(c => c.Contains("Rita", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GreetingsAndThanks_AreAnswered_NeverSaved()
    {
        var hello = await _whatsapp.SendAsync("Hi!");
        var thanks = await _whatsapp.SendAsync("thanks 🙏");
        var ok = await _whatsapp.SendAsync("ok");

        hello.Should().Contain("Welcome!", "a new user's greeting gets the welcome").And.Contain("what did I plan for dinner");
        (await _whatsapp.SendAsync("hello")).Should().Contain("Hi!").And.NotContain("Welcome");
        thanks.Should().Contain("Anytime");
        ok.Should().Contain("Anytime");
        (await _whatsapp.Http.ListMemoriesAsync(User)).Should().BeEmpty();
    }

    [Fact]
    public async Task FirstMessage_IsAnsweredThenWelcomed_OnlyOnce()
    {
        var first = await _whatsapp.SendAsync("Locker code 4512");
        var second = await _whatsapp.SendAsync("Bike lock 1987");

        first.Should().StartWith("✅ Saved").And.Contain("Welcome!");
        second.Should().NotContain("Welcome");
    }

    [Fact]
    public async Task Thread_SurvivesARestart()
    {
        var data = _app.DataDirectory;
        await ScriptedMonthAsync();
        await _whatsapp.SendAsync("what did I have for dinner?");

        using var restarted = new ApiFactory(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
        restarted.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 5));
        var more = await restarted.CreateWhatsAppClient(User).SendAsync("more");

        more.Should().StartWith("6. ");
    }
}

/// <summary>Follow-ups on a photo: "show me that photo" sends the stored photo back through a signed link.</summary>
public sealed class PhotoFollowUpTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();
    private readonly string _work = Directory.CreateTempSubdirectory("photo-followup-").FullName;

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task ShowMeThatPhoto_AfterAQuestion_SendsThePhoto()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var photo = await MediaFiles.PhotoAsync(_work, "NEW HAIRCUT", gradient: "orange-purple");
        var form = whatsapp.Form("new haircut!", WhatsAppClient.NewMessageSid("MM"));
        form["NumMedia"] = "1";
        form["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(photo, "image/jpeg");
        form["MediaContentType0"] = "image/jpeg";
        using (var sent = await whatsapp.PostAsync(form))
            sent.EnsureSuccessStatusCode();
        await whatsapp.SendAsync("Dentist on Friday at 3pm");

        await whatsapp.SendAsync("what about my hairstyle?");
        using var response = await whatsapp.PostAsync(whatsapp.Form("show me that photo", WhatsAppClient.NewMessageSid()));
        var twiml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());

        twiml.Descendants("Body").Single().Value.Should().Contain("haircut");
        twiml.Descendants("Media").Single().Value.Should().StartWith(ApiFactory.PublicBaseUrl + "/media/");
    }

    [Fact]
    public async Task Undo_AfterAPhoto_ForgetsThePhotoMemory()
    {
        var whatsapp = _app.CreateWhatsAppClient(User);
        var photo = await MediaFiles.PhotoAsync(_work, "PARKING C14", gradient: "white-lightblue");
        var form = whatsapp.Form("where I parked", WhatsAppClient.NewMessageSid("MM"));
        form["NumMedia"] = "1";
        form["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(photo, "image/jpeg");
        form["MediaContentType0"] = "image/jpeg";
        using (var sent = await whatsapp.PostAsync(form))
            sent.EnsureSuccessStatusCode();
        (await Eventually.TrueAsync(async () => (await whatsapp.Http.ListMemoriesAsync(User)).Count == 1, TimeSpan.FromSeconds(60))).Should().BeTrue();

        var undone = await whatsapp.SendAsync("undo");

        undone.Should().Contain("Undone").And.Contain("where I parked");
        (await whatsapp.Http.ListMemoriesAsync(User)).Should().BeEmpty();
    }
}
