using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>Commands (/help, /list, /tz), the friendly answers to odd messages, and what is (not) remembered.</summary>
public sealed class WebhookCommandsTests : IDisposable
{
    private const string Lisbon = "+351912345678";
    private const string London = "+447700900123";

    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);

        var reply = await whatsapp.SendAsync("/help");

        reply.Should().Contain("/list").And.Contain("/tz").And.Contain("/help");
        (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().BeEmpty("a command is not a note");
    }

    [Fact]
    public async Task BareHelpWord_AnswersWithTheHelpText()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);

        var reply = await whatsapp.SendAsync("help");

        reply.Should().Contain("/list").And.Contain("/tz").And.Contain("/help");
        (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().BeEmpty();
    }

    [Fact]
    public async Task List_ShowsMemoriesNumberedNewestFirst()
    {
        var whatsapp = await SaveThreeNotesAsync();

        var reply = await whatsapp.SendAsync("/list");

        var lines = reply.Split('\n');
        lines[0].Should().Contain("3 memories");
        lines.Should().HaveCount(4);
        lines[1].Should().StartWith("1. Tue 24 Nov, 10:00").And.Contain("Lunch with Sofia");
        lines[2].Should().StartWith("2. Mon 23 Nov, 18:40").And.Contain("car service");
        lines[3].Should().StartWith("3. Sun 22 Nov, 09:15").And.Contain("Passport renewal");
    }

    [Fact]
    public async Task ListWithACount_ShowsThatManyAndSaysOfHowMany()
    {
        var whatsapp = await SaveThreeNotesAsync();

        var reply = await whatsapp.SendAsync("/list 2");

        var lines = reply.Split('\n');
        lines[0].Should().Contain("2 of 3");
        lines.Should().HaveCount(3);
        lines[1].Should().StartWith("1. ").And.Contain("Lunch with Sofia");
        lines[2].Should().StartWith("2. ").And.Contain("car service");
        reply.Should().NotContain("Passport renewal");
    }

    [Fact]
    public async Task ListWithSomethingOtherThanANumber_ExplainsTheUsage()
    {
        var whatsapp = await SaveThreeNotesAsync();

        var reply = await whatsapp.SendAsync("/list abc");

        reply.Should().Contain("/list 5");
        reply.Should().NotContain("Lunch with Sofia");
        (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().HaveCount(3, "a command is not a note");
    }

    [Fact]
    public async Task Tz_ChangesTheZone_AndLaterAnswersShowItsTimes()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("Lunch with Sofia at Cervejaria Ramiro, book for 13:00"); // 10:00 UTC

        var changed = await whatsapp.SendAsync("/tz Asia/Kolkata");
        var listed = await whatsapp.SendAsync("/list");
        var answer = await whatsapp.SendAsync("Where is lunch with Sofia?");

        changed.Should().Contain("Asia/Kolkata").And.Contain("15:30");
        listed.Should().Contain("Tue 24 Nov, 15:30").And.Contain("Lunch with Sofia");
        answer.Should().Contain("Tue 24 Nov, 15:30").And.Contain("Cervejaria Ramiro");
        var memory = (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().ContainSingle().Subject;
        memory.Str("timeZone").Should().Be("Asia/Kolkata");
        memory.Str("occurredAt").Should().Be("2026-11-24T15:30:00+05:30");
    }

    [Fact]
    public async Task Tz_IgnoresTheCaseOfTheZoneName()
    {
        var whatsapp = _app.CreateWhatsAppClient(London);
        (await whatsapp.SendAsync("/tz")).Should().Contain("Europe/London", "a +44 number starts in London");

        var changed = await whatsapp.SendAsync("/tz europe/lisbon");
        var current = await whatsapp.SendAsync("/tz");

        changed.Should().Contain("*Europe/Lisbon*");
        current.Should().Contain("*Europe/Lisbon*");
    }

    [Fact]
    public async Task Tz_WithAnUnknownZone_IsAFriendlyErrorAndKeepsTheZone()
    {
        var whatsapp = _app.CreateWhatsAppClient(London);

        var reply = await whatsapp.SendAsync("/tz Mars/Base");
        var current = await whatsapp.SendAsync("/tz");

        reply.Should().Contain("Mars/Base").And.Contain("/tz Europe/Lisbon");
        current.Should().Contain("*Europe/London*");
        var interactions = await whatsapp.Http.RecentInteractionsAsync(London);
        interactions.Should().OnlyContain(i => i.Str("status") == "processed" && i.Str("kind") == "command");
    }

    [Fact]
    public async Task UnknownCommand_IsAFriendlyAnswer()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);

        var reply = await whatsapp.SendAsync("/foo bar");

        reply.Should().Contain("/foo").And.Contain("/help");
        var interaction = (await whatsapp.Http.RecentInteractionsAsync(Lisbon)).Should().ContainSingle().Subject;
        interaction.Str("kind").Should().Be("command");
        interaction.Str("status").Should().Be("processed");
        (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().BeEmpty();
    }

    [Fact]
    public async Task EmptyBodyWithoutMedia_AsksForANote_AndRemembersNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);

        var reply = await whatsapp.SendAsync("");

        reply.Should().StartWith("Send me a note");
        (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().BeEmpty();
        var interaction = (await whatsapp.Http.RecentInteractionsAsync(Lisbon)).Should().ContainSingle().Subject;
        interaction.Str("kind").Should().Be("other");
        interaction.GetProperty("memoryIds").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task NotePrefixAlone_RemembersNothing()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);

        var reply = await whatsapp.SendAsync("note:");
        var spaced = await whatsapp.SendAsync("  Remember:   ");

        reply.Should().StartWith("Send me a note");
        spaced.Should().StartWith("Send me a note");
        (await whatsapp.Http.ListMemoriesAsync(Lisbon)).Should().BeEmpty();
    }

    [Fact]
    public async Task QuestionThatFindsNothing_SaysSo_AndSuggestsAWiderPeriodWhenATimePhraseWasUsed()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("Dentist appointment moved to Friday 12 Dec at 3pm");

        var withPeriod = await whatsapp.SendAsync("What did I plan for dinner last week?");
        var withoutPeriod = await whatsapp.SendAsync("Where did I park the car?");

        withPeriod.Should().Contain("couldn't find").And.Contain("dinner").And.Contain("last week").And.Contain("wider period");
        withoutPeriod.Should().Contain("couldn't find").And.Contain("park").And.NotContain("wider period");
        withoutPeriod.Should().Contain("/list");
    }

    [Fact]
    public async Task Questions_AreNotSavedAsMemories()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        await whatsapp.SendAsync("The wifi password at the cabin is pinecone42");

        var found = await whatsapp.SendAsync("What is the wifi password at the cabin?");
        await whatsapp.SendAsync("Did I pay the electricity bill?");
        await whatsapp.SendAsync("show me my notes from yesterday");

        found.Should().Contain("pinecone42");
        var memories = await whatsapp.Http.ListMemoriesAsync(Lisbon);
        memories.Should().ContainSingle().Which.Str("content").Should().Be("The wifi password at the cabin is pinecone42");
        var interactions = await whatsapp.Http.RecentInteractionsAsync(Lisbon);
        interactions.Select(i => i.Str("kind")).Should().Equal("query", "query", "query", "text");
        interactions.Take(3).Should().OnlyContain(i => i.GetProperty("memoryIds").GetArrayLength() == 0);
    }

    /// <summary>Three notes on three days (Lisbon is UTC+0 in November).</summary>
    private async Task<WhatsAppClient> SaveThreeNotesAsync()
    {
        var whatsapp = _app.CreateWhatsAppClient(Lisbon);
        _app.Clock.Set(Instant.FromUtc(2026, 11, 22, 9, 15));
        await whatsapp.SendAsync("Passport renewal form is in the blue folder");
        _app.Clock.Set(Instant.FromUtc(2026, 11, 23, 18, 40));
        await whatsapp.SendAsync("Booked the car service for Friday 8am");
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0));
        await whatsapp.SendAsync("Lunch with Sofia at Cervejaria Ramiro");
        return whatsapp;
    }
}
