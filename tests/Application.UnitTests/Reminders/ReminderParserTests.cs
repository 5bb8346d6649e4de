using MemoryAssistant.Application.Reminders;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.Application.UnitTests.Reminders;

public sealed class ReminderParserTests
{
    private static readonly DateTimeZone s_lisbon = DateTimeZoneProviders.Tzdb["Europe/Lisbon"];
    private static readonly DateTimeZone s_newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone s_kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];

    // Tuesday 1 Dec 2026, 12:05 in Lisbon (WET, UTC+0 in winter).
    private static readonly Instant s_now = Instant.FromUtc(2026, 12, 1, 12, 5);

    private static Instant Utc(string iso) => InstantPattern.General.Parse(iso).Value;

    private static ReminderRequest Request(string message, Instant? now = null, DateTimeZone? zone = null)
    {
        var parse = ReminderParser.Parse(message, now ?? s_now, zone ?? s_lisbon);
        parse.Should().NotBeNull(because: $"\"{message}\" asks for a reminder");
        parse!.Problem.Should().BeNull(because: $"\"{message}\" can be scheduled");
        return parse.Request!;
    }

    private static string Problem(string message, Instant? now = null, DateTimeZone? zone = null)
    {
        var parse = ReminderParser.Parse(message, now ?? s_now, zone ?? s_lisbon);
        parse.Should().NotBeNull(because: $"\"{message}\" asks for a reminder");
        parse!.Request.Should().BeNull();
        parse.Problem.Should().NotBeNullOrWhiteSpace();
        return parse.Problem!;
    }

    [Theory]
    [InlineData("remind me tomorrow at 9 to call mom", "call mom", "2026-12-02T09:00:00Z", "tomorrow (Wed 2 Dec) at 09:00")]
    [InlineData("remind me to call mom tomorrow at 9am", "call mom", "2026-12-02T09:00:00Z", "tomorrow (Wed 2 Dec) at 09:00")]
    [InlineData("Remind me at 9:30 tomorrow to call Mom", "call Mom", "2026-12-02T09:30:00Z", "tomorrow (Wed 2 Dec) at 09:30")]
    [InlineData("remind me tomorrow morning to book the MOT", "book the MOT", "2026-12-02T09:00:00Z", "tomorrow (Wed 2 Dec) at 09:00")]
    [InlineData("remind me tomorrow afternoon to call the bank", "call the bank", "2026-12-02T15:00:00Z", "tomorrow (Wed 2 Dec) at 15:00")]
    [InlineData("remind me tomorrow evening to pack", "pack", "2026-12-02T19:00:00Z", "tomorrow (Wed 2 Dec) at 19:00")]
    [InlineData("remind me this evening to pack", "pack", "2026-12-01T19:00:00Z", "today at 19:00")]
    [InlineData("remind me tonight to take out the bins", "take out the bins", "2026-12-01T20:00:00Z", "today at 20:00")]
    [InlineData("remind me tonight at 9 to call Ana", "call Ana", "2026-12-01T21:00:00Z", "today at 21:00")]
    [InlineData("remind me tomorrow morning at 6 to go running", "go running", "2026-12-02T06:00:00Z", "tomorrow (Wed 2 Dec) at 06:00")]
    [InlineData("remind me at noon to eat", "eat", "2026-12-02T12:00:00Z", "tomorrow (Wed 2 Dec) at 12:00")]
    [InlineData("remind me at midnight to renew the domain", "renew the domain", "2026-12-02T00:00:00Z", "tomorrow (Wed 2 Dec) at 00:00")]
    [InlineData("remind me the day after tomorrow at 10 to pay Rui", "pay Rui", "2026-12-03T10:00:00Z", "on Thu 3 Dec at 10:00")]
    public void Parse_WhenTomorrowTonightOrPartOfDay_ThenResolvesInTheUsersZone(string message, string what, string due, string when)
    {
        var request = Request(message);

        request.What.Should().Be(what);
        request.FirstDueAt.Should().Be(Utc(due));
        request.Cron.Should().BeNull();
        request.When.Should().Be(when);
    }

    [Theory]
    [InlineData("remind me in 2 hours to take the pizza out", "take the pizza out", "2026-12-01T14:05:00Z", "in 2 hours (14:05)")]
    [InlineData("remind me to stretch in 20 minutes", "stretch", "2026-12-01T12:25:00Z", "in 20 minutes (12:25)")]
    [InlineData("remind me in 90 mins to check the oven", "check the oven", "2026-12-01T13:35:00Z", "in 1 hour 30 minutes (13:35)")]
    [InlineData("remind me in an hour to move the car", "move the car", "2026-12-01T13:05:00Z", "in 1 hour (13:05)")]
    [InlineData("remind me in half an hour to call back", "call back", "2026-12-01T12:35:00Z", "in 30 minutes (12:35)")]
    [InlineData("remind me in 14 hours to wake up", "wake up", "2026-12-02T02:05:00Z", "in 14 hours (tomorrow 02:05)")]
    [InlineData("remind me in 3 days to water the plants", "water the plants", "2026-12-04T12:05:00Z", "in 3 days (Fri 4 Dec at 12:05)")]
    public void Parse_WhenInADelay_ThenCountsFromNow(string message, string what, string due, string when)
    {
        var request = Request(message);

        request.What.Should().Be(what);
        request.FirstDueAt.Should().Be(Utc(due));
        request.When.Should().Be(when);
    }

    [Theory]
    [InlineData("remind me on Friday at 17:30 to submit the timesheet", "submit the timesheet", "2026-12-04T17:30:00Z", "on Fri 4 Dec at 17:30")]
    [InlineData("remind me on Tuesday at 17:30 to leave early", "leave early", "2026-12-01T17:30:00Z", "today at 17:30")]
    [InlineData("remind me on Tuesday at 9 to leave early", "leave early", "2026-12-08T09:00:00Z", "on Tue 8 Dec at 09:00")]
    [InlineData("remind me on 12 December at 10 to buy the tree", "buy the tree", "2026-12-12T10:00:00Z", "on Sat 12 Dec at 10:00")]
    [InlineData("remind me on Dec 12 to buy the tree", "buy the tree", "2026-12-12T09:00:00Z", "on Sat 12 Dec at 09:00")]
    [InlineData("remind me on 2026-12-12 at 10:00 to buy the tree", "buy the tree", "2026-12-12T10:00:00Z", "on Sat 12 Dec at 10:00")]
    [InlineData("remind me on 5 January to file taxes", "file taxes", "2027-01-05T09:00:00Z", "on Tue 5 Jan 2027 at 09:00")]
    [InlineData("remind me next Monday at 8 to call the school", "call the school", "2026-12-07T08:00:00Z", "on Mon 7 Dec at 08:00")]
    [InlineData("remind me on the 15th to pay the card", "pay the card", "2026-12-15T09:00:00Z", "on Tue 15 Dec at 09:00")]
    public void Parse_WhenWeekdayOrDate_ThenPicksTheNextSuchDay(string message, string what, string due, string when)
    {
        var request = Request(message);

        request.What.Should().Be(what);
        request.FirstDueAt.Should().Be(Utc(due));
        request.When.Should().Be(when);
    }

    [Theory]
    [InlineData("remind me at 9 to stretch", "2026-12-02T09:00:00Z")]
    [InlineData("remind me at 3 to stretch", "2026-12-01T15:00:00Z")]
    [InlineData("remind me at 6 to stretch", "2026-12-01T18:00:00Z")]
    [InlineData("remind me at 06:00 to stretch", "2026-12-02T06:00:00Z")]
    [InlineData("remind me at 9pm to stretch", "2026-12-01T21:00:00Z")]
    [InlineData("remind me at 9 pm to stretch", "2026-12-01T21:00:00Z")]
    [InlineData("remind me at 9 p.m. to stretch", "2026-12-01T21:00:00Z")]
    [InlineData("remind me at 21:00 to stretch", "2026-12-01T21:00:00Z")]
    [InlineData("remind me at 9.30 to stretch", "2026-12-02T09:30:00Z")]
    [InlineData("remind me at 12am to stretch", "2026-12-02T00:00:00Z")]
    [InlineData("remind me to stretch at 12:30", "2026-12-01T12:30:00Z")]
    public void Parse_WhenOnlyAClockTime_ThenTodayIfStillAheadElseTomorrow(string message, string due)
    {
        var request = Request(message);

        request.What.Should().Be("stretch");
        request.FirstDueAt.Should().Be(Utc(due));
    }

    [Theory]
    [InlineData("please remind me tomorrow at 9 to call mom")]
    [InlineData("Can you remind me tomorrow at 9 to call mom?")]
    [InlineData("could you please remind me to call mom tomorrow at 9am 🙏")]
    [InlineData("pls remind me to call mom tomorrow at 9!!")]
    [InlineData("remind me to call mom tomorrow at 9, please")]
    [InlineData("set a reminder for tomorrow at 9 to call mom")]
    [InlineData("/remind tomorrow 9 call mom")]
    [InlineData("tomorrow at 9 remind me to call mom")]
    [InlineData("reminder: call mom tomorrow at 9")]
    public void Parse_WhenPoliteOrAlternativeForm_ThenSameReminder(string message)
    {
        var request = Request(message);

        request.What.Should().Be("call mom");
        request.FirstDueAt.Should().Be(Utc("2026-12-02T09:00:00Z"));
    }

    [Theory]
    [InlineData("remind me that the car needs oil on Friday", "the car needs oil")]
    [InlineData("remind me about the dentist on Friday", "the dentist")]
    [InlineData("set a reminder for 5pm to call Bob", "call Bob")]
    public void Parse_WhenThatAboutOrSetAReminder_ThenTheConnectorIsDropped(string message, string what) =>
        Request(message).What.Should().Be(what);

    [Theory]
    [InlineData("remind me to put on sun cream at 2", "put on sun cream", "2026-12-01T14:00:00Z")]
    [InlineData("remind me on sat at 10 to call Ana", "call Ana", "2026-12-05T10:00:00Z")]
    [InlineData("remind me at 5 to say thanks", "say thanks", "2026-12-01T17:00:00Z")]
    [InlineData("remind me to take 2 pills at 9", "take 2 pills", "2026-12-02T09:00:00Z")]
    [InlineData("remind me to meet Bob at Starbucks at 5", "meet Bob at Starbucks", "2026-12-01T17:00:00Z")]
    public void Parse_WhenTheTaskContainsTimeLikeWords_ThenOnlyTheTimePhraseIsRemoved(string message, string what, string due)
    {
        var request = Request(message);

        request.What.Should().Be(what);
        request.FirstDueAt.Should().Be(Utc(due));
    }

    [Fact]
    public void Parse_WhenSetAReminderForFivePm_ThenTodayAtSeventeen() =>
        Request("set a reminder for 5pm to call Bob").FirstDueAt.Should().Be(Utc("2026-12-01T17:00:00Z"));

    [Fact]
    public void Parse_WhenNewYork_ThenTheLocalClockTimeIsUsed()
    {
        // 12:05 EST.
        var request = Request("remind me at 3 to call the vet", Instant.FromUtc(2026, 12, 1, 17, 5), s_newYork);

        request.FirstDueAt.Should().Be(Utc("2026-12-01T20:00:00Z"));
        request.When.Should().Be("today at 15:00");
    }

    [Fact]
    public void Parse_WhenKolkata_ThenTheHalfHourOffsetIsApplied()
    {
        // 12:05 IST (UTC+05:30).
        var request = Request("remind me tomorrow at 9 to call Priya", Instant.FromUtc(2026, 12, 1, 6, 35), s_kolkata);

        request.FirstDueAt.Should().Be(Utc("2026-12-02T03:30:00Z"));
        request.When.Should().Be("tomorrow (Wed 2 Dec) at 09:00");
    }

    [Fact]
    public void Parse_WhenTomorrowIsTheDstStartInLisbon_ThenNineIsSummerTime()
    {
        // Sat 28 Mar 2026 20:00 WET; clocks go 01:00 -> 02:00 that night, so 09:00 is WEST (UTC+1).
        var request = Request("remind me tomorrow at 9 to call mom", Instant.FromUtc(2026, 3, 28, 20, 0), s_lisbon);

        request.FirstDueAt.Should().Be(Utc("2026-03-29T08:00:00Z"));
    }

    [Fact]
    public void Parse_WhenTheLocalTimeIsSkippedBySpringForward_ThenItMovesForwardByTheGap()
    {
        // 01:30 does not exist in Lisbon on 29 Mar 2026; lenient resolution gives 02:30 WEST = 01:30Z.
        var request = Request("remind me tomorrow at 01:30 to check the clocks", Instant.FromUtc(2026, 3, 28, 20, 0), s_lisbon);

        request.FirstDueAt.Should().Be(Utc("2026-03-29T01:30:00Z"));
        request.When.Should().Be("tomorrow (Sun 29 Mar) at 02:30");
    }

    [Fact]
    public void Parse_WhenTheLocalTimeIsAmbiguousAtFallBack_ThenTheEarlierInstantIsUsed()
    {
        // 01:30 happens twice in New York on 1 Nov 2026; the first one is EDT (UTC-4).
        var request = Request("remind me on 1 November at 01:30 to check the clocks", Instant.FromUtc(2026, 10, 30, 12, 0), s_newYork);

        request.FirstDueAt.Should().Be(Utc("2026-11-01T05:30:00Z"));
    }

    [Fact]
    public void Parse_WhenInDaysAcrossDst_ThenTheSameLocalTimeNotTheSameElapsedTime()
    {
        // Fri 27 Mar 10:00 WET; three days later is Mon 30 Mar 10:00 WEST.
        var request = Request("remind me in 3 days to renew the pass", Instant.FromUtc(2026, 3, 27, 10, 0), s_lisbon);

        request.FirstDueAt.Should().Be(Utc("2026-03-30T09:00:00Z"));
    }

    [Theory]
    [InlineData("every Monday at 8 remind me to water the plants", "water the plants", "0 8 * * 1", "2026-12-07T08:00:00Z", "every Monday at 08:00")]
    [InlineData("remind me every day at 7 to take vitamins", "take vitamins", "0 7 * * *", "2026-12-02T07:00:00Z", "every day at 07:00")]
    [InlineData("remind me every weekday at 8:30 to stand up", "stand up", "30 8 * * 1-5", "2026-12-02T08:30:00Z", "every weekday at 08:30")]
    [InlineData("every weekend at 10 remind me to call grandma", "call grandma", "0 10 * * 0,6", "2026-12-05T10:00:00Z", "every Saturday and Sunday at 10:00")]
    [InlineData("remind me every morning to meditate", "meditate", "0 9 * * *", "2026-12-02T09:00:00Z", "every day at 09:00")]
    [InlineData("remind me every evening to journal", "journal", "0 19 * * *", "2026-12-01T19:00:00Z", "every day at 19:00")]
    [InlineData("remind me every Monday and Thursday at 18:00 to go running", "go running", "0 18 * * 1,4", "2026-12-03T18:00:00Z", "every Monday and Thursday at 18:00")]
    [InlineData("remind me every month on the 1st at 10 to pay rent", "pay rent", "0 10 1 * *", "2027-01-01T10:00:00Z", "on the 1st of every month at 10:00")]
    [InlineData("remind me to pay rent on the 1st of every month at 10", "pay rent", "0 10 1 * *", "2027-01-01T10:00:00Z", "on the 1st of every month at 10:00")]
    [InlineData("remind me on Mondays to put the bins out", "put the bins out", "0 9 * * 1", "2026-12-07T09:00:00Z", "every Monday at 09:00")]
    [InlineData("remind me every year on 5 May to call Rita for her birthday", "call Rita for her birthday", "0 9 5 5 *", "2027-05-05T08:00:00Z", "every year on 5 May at 09:00")]
    public void Parse_WhenRecurring_ThenCronInLocalTimeAndFirstOccurrence(string message, string what, string cron, string due, string when)
    {
        var request = Request(message);

        request.What.Should().Be(what);
        request.Cron.Should().Be(cron);
        request.FirstDueAt.Should().Be(Utc(due));
        request.When.Should().Be(when);
    }

    [Fact]
    public void Parse_WhenRecurringInKolkata_ThenFirstDueIsTheNextLocalOccurrence()
    {
        var request = Request("remind me every day at 7 to take vitamins", Instant.FromUtc(2026, 12, 1, 6, 35), s_kolkata);

        request.Cron.Should().Be("0 7 * * *");
        request.FirstDueAt.Should().Be(Utc("2026-12-02T01:30:00Z"));
    }

    [Theory]
    [InlineData("remind me what I planned for dinner")]
    [InlineData("remind me where I parked")]
    [InlineData("remind me who I met on Friday")]
    [InlineData("remind me when the dentist is")]
    [InlineData("remind me which wine we liked")]
    [InlineData("remind me how to reset the router")]
    [InlineData("my mom reminded me to buy milk")]
    [InlineData("reminder: the dentist is on Friday")]
    [InlineData("buy milk tomorrow at 9")]
    [InlineData("John said remind me to call him")]
    [InlineData("what did I do last week?")]
    [InlineData("")]
    public void Parse_WhenNotAReminderRequest_ThenNull(string message) =>
        ReminderParser.Parse(message, s_now, s_lisbon).Should().BeNull();

    [Theory]
    [InlineData("remind me to call mom", "When should I remind you?")]
    [InlineData("remind me", "What should I remind you about, and when?")]
    [InlineData("remind me tomorrow at 9", "What should I remind you about?")]
    [InlineData("remind me on 1 January 2020 to call mom", "already in the past")]
    [InlineData("remind me today at 8 to call mom", "already in the past")]
    [InlineData("remind me today to call mom", "What time today?")]
    [InlineData("remind me every hour to drink water", "I can repeat a reminder")]
    [InlineData("remind me every other day to water the plants", "I can repeat a reminder")]
    [InlineData("remind me every month to pay rent", "I can repeat a reminder")]
    [InlineData("every hour remind me to drink water", "I can repeat a reminder")]
    [InlineData("remind me at 25:00 to call mom", "couldn't read that time")]
    [InlineData("remind me on 31 February to call mom", "isn't on the calendar")]
    public void Parse_WhenAReminderCannotBeScheduled_ThenAProblemWithAnExample(string message, string expected)
    {
        var problem = Problem(message);

        problem.Should().Contain(expected);
        problem.Should().Contain("For example:");
        problem.Should().NotContain("\n");
    }

    [Fact]
    public void Parse_WhenNoTime_ThenTheProblemSuggestsTheCanonicalExample() =>
        Problem("remind me to call mom").Should().Be("When should I remind you? For example: remind me tomorrow at 9 to call mom");
}
