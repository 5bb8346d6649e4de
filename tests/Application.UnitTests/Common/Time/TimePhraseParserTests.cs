using MemoryAssistant.Application.Common.Time;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.Application.UnitTests.Common.Time;

public sealed class TimePhraseParserTests
{
    // Lisbon is UTC+0 in November, so the expected UTC instants below read like the local dates.
    private static readonly DateTimeZone _lisbon = Zone("Europe/Lisbon");
    private static readonly DateTimeZone _berlin = Zone("Europe/Berlin");

    // Tuesday 24 November 2026, 10:00 local.
    private static readonly Instant _now = LocalNow(_lisbon, 2026, 11, 24);

    [Theory]
    [InlineData("what did I plan for dinner?")]
    [InlineData("")]
    [InlineData("mondays are hard")]
    [InlineData("todays list")]
    [InlineData("what did June say about the trip")]
    [InlineData("I may have saved 3 recipes")]
    public void Parse_WhenTextHasNoTimePhrase_ThenReturnsNull(string text)
    {
        TimePhraseParser.Parse(text, _now, _lisbon).Should().BeNull();
    }

    [Fact]
    public void Parse_WhenTextIsNull_ThenThrows()
    {
        var act = () => TimePhraseParser.Parse(null!, _now, _lisbon);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Parse_WhenZoneIsNull_ThenThrows()
    {
        var act = () => TimePhraseParser.Parse("today", _now, null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Theory]
    [InlineData("today")]
    [InlineData("tonight")]
    [InlineData("this morning")]
    [InlineData("this evening")]
    [InlineData("earlier today")]
    public void Parse_WhenToday_ThenCoversTheWholeLocalDay(string text)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z");
        result.Description.Should().Be("today (Tue 24 Nov)");
        result.Interval.Contains(_now).Should().BeTrue();
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("yesterday evening")]
    [InlineData("last night")]
    public void Parse_WhenYesterday_ThenCoversThePreviousLocalDay(string text)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z");
        result.Description.Should().Be("yesterday (Mon 23 Nov)");
    }

    [Fact]
    public void Parse_WhenDayBeforeYesterday_ThenCoversTwoDaysAgo()
    {
        var result = ParseLisbon("what did I buy the day before yesterday");

        AssertInterval(result, "2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z");
        result.Phrase.Should().Be("the day before yesterday");
        result.RemainingText.Should().Be("what did I buy");
    }

    [Fact]
    public void Parse_WhenTomorrow_ThenCoversTheNextLocalDay()
    {
        var result = ParseLisbon("what is planned for tomorrow");

        AssertInterval(result, "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z");
        result.Description.Should().Be("tomorrow (Wed 25 Nov)");
    }

    [Theory]
    [InlineData("this week")]
    [InlineData("current week")]
    public void Parse_WhenThisWeek_ThenCoversCurrentMondayToNextMonday(string text)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z");
        result.Description.Should().Be("this week (Mon 23 Nov – Sun 29 Nov)");
    }

    [Theory]
    [InlineData("last week")]
    [InlineData("previous week")]
    [InlineData("the previous week")]
    [InlineData("the last week")]
    public void Parse_WhenLastWeek_ThenCoversThePreviousCalendarWeek(string text)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z");
        result.Description.Should().Be("last week (Mon 16 Nov – Sun 22 Nov)");
    }

    [Fact]
    public void Parse_WhenLastWeekOnAMonday_ThenStillMeansThePreviousCalendarWeek()
    {
        var monday = LocalNow(_lisbon, 2026, 11, 23, hour: 0);

        var result = TimePhraseParser.Parse("last week", monday, _lisbon);

        AssertInterval(result, "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z");
    }

    [Theory]
    [InlineData("the week before last")]
    [InlineData("week before last")]
    [InlineData("the week before last week")]
    public void Parse_WhenWeekBeforeLast_ThenCoversTheWeekTwoWeeksAgo(string text)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, "2026-11-09T00:00:00Z", "2026-11-16T00:00:00Z");
        result.Phrase.Should().Be(text);
        result.Description.Should().Be("the week before last (Mon 9 Nov – Sun 15 Nov)");
    }

    [Theory]
    [InlineData("last 3 days", "2026-11-22T00:00:00Z", "last 3 days")]
    [InlineData("past 3 days", "2026-11-22T00:00:00Z", "last 3 days")]
    [InlineData("the last three days", "2026-11-22T00:00:00Z", "last 3 days")]
    [InlineData("previous 2 days", "2026-11-23T00:00:00Z", "last 2 days")]
    [InlineData("last 1 day", "2026-11-24T00:00:00Z", "last 1 day")]
    [InlineData("last ten days", "2026-11-15T00:00:00Z", "last 10 days")]
    [InlineData("last 30 days", "2026-10-26T00:00:00Z", "last 30 days")]
    public void Parse_WhenLastNDays_ThenCoversNDaysIncludingToday(string text, string expectedStart, string label)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, expectedStart, "2026-11-25T00:00:00Z");
        result.Description.Should().StartWith(label + " (");
        result.Description.Should().EndWith("Tue 24 Nov)");
    }

    [Theory]
    [InlineData("last 2 weeks", "2026-11-11T00:00:00Z")]
    [InlineData("past two weeks", "2026-11-11T00:00:00Z")]
    [InlineData("the past week", "2026-11-18T00:00:00Z")]
    [InlineData("last 2 months", "2026-09-24T23:00:00Z")]
    [InlineData("past year", "2025-11-25T00:00:00Z")]
    public void Parse_WhenRollingWeeksMonthsOrYears_ThenEndsAtStartOfTomorrow(string text, string expectedStart)
    {
        AssertInterval(ParseLisbon(text), expectedStart, "2026-11-25T00:00:00Z");
    }

    [Theory]
    [InlineData("last 0 days")]
    [InlineData("last 5000 days")]
    public void Parse_WhenRollingCountIsOutOfRange_ThenReturnsNull(string text)
    {
        TimePhraseParser.Parse(text, _now, _lisbon).Should().BeNull();
    }

    [Theory]
    [InlineData("3 days ago", "2026-11-21T00:00:00Z", "3 days ago (Sat 21 Nov)")]
    [InlineData("two days ago", "2026-11-22T00:00:00Z", "2 days ago (Sun 22 Nov)")]
    [InlineData("a day ago", "2026-11-23T00:00:00Z", "a day ago (Mon 23 Nov)")]
    [InlineData("0 days ago", "2026-11-24T00:00:00Z", "0 days ago (Tue 24 Nov)")]
    public void Parse_WhenDaysAgo_ThenCoversThatLocalDay(string text, string expectedStart, string description)
    {
        var result = ParseLisbon(text);

        result.Interval.Start.Should().Be(Utc(expectedStart));
        result.Interval.Duration.Should().Be(Duration.FromDays(1));
        result.Description.Should().Be(description);
    }

    [Theory]
    [InlineData("a week ago", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("2 weeks ago", "2026-11-09T00:00:00Z", "2026-11-16T00:00:00Z")]
    [InlineData("a month ago", "2026-09-30T23:00:00Z", "2026-11-01T00:00:00Z")]
    [InlineData("one year ago", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    public void Parse_WhenWeeksMonthsOrYearsAgo_ThenCoversThatCalendarPeriod(string text, string expectedStart, string expectedEnd)
    {
        AssertInterval(ParseLisbon(text), expectedStart, expectedEnd);
    }

    [Theory]
    [InlineData("this month", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "this month (Sun 1 Nov – Mon 30 Nov)")]
    [InlineData("last month", "2026-09-30T23:00:00Z", "2026-11-01T00:00:00Z", "last month (Thu 1 Oct – Sat 31 Oct)")]
    [InlineData("previous month", "2026-09-30T23:00:00Z", "2026-11-01T00:00:00Z", "last month (Thu 1 Oct – Sat 31 Oct)")]
    [InlineData("this year", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "this year (Thu 1 Jan – Thu 31 Dec)")]
    [InlineData("last year", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "last year (Wed 1 Jan 2025 – Wed 31 Dec 2025)")]
    public void Parse_WhenCalendarMonthOrYear_ThenCoversThatLocalPeriod(string text, string expectedStart, string expectedEnd, string description)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, expectedStart, expectedEnd);
        result.Description.Should().Be(description);
    }

    [Fact]
    public void Parse_WhenLastMonthInJanuary_ThenCoversDecemberOfThePreviousYear()
    {
        var result = TimePhraseParser.Parse("last month", LocalNow(_lisbon, 2026, 1, 15), _lisbon);

        AssertInterval(result, "2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z");
    }

    [Theory]
    [InlineData("groceries on monday", "monday", "2026-11-23T00:00:00Z", "Monday (Mon 23 Nov)")]
    [InlineData("last friday", "last friday", "2026-11-20T00:00:00Z", "last Friday (Fri 20 Nov)")]
    [InlineData("this past sunday", "this past sunday", "2026-11-22T00:00:00Z", "last Sunday (Sun 22 Nov)")]
    [InlineData("wednesday", "wednesday", "2026-11-18T00:00:00Z", "Wednesday (Wed 18 Nov)")]
    [InlineData("on tuesday", "tuesday", "2026-11-17T00:00:00Z", "Tuesday (Tue 17 Nov)")]
    [InlineData("last tuesday", "last tuesday", "2026-11-17T00:00:00Z", "last Tuesday (Tue 17 Nov)")]
    public void Parse_WhenWeekday_ThenCoversMostRecentSuchDayBeforeToday(string text, string phrase, string expectedStart, string description)
    {
        var result = ParseLisbon(text);

        result.Phrase.Should().Be(phrase);
        result.Interval.Start.Should().Be(Utc(expectedStart));
        result.Interval.Duration.Should().Be(Duration.FromDays(1));
        result.Description.Should().Be(description);
    }

    [Theory]
    [InlineData("this monday", "2026-11-23T00:00:00Z")]
    [InlineData("this friday", "2026-11-27T00:00:00Z")]
    public void Parse_WhenThisWeekday_ThenCoversThatDayOfTheCurrentWeek(string text, string expectedStart)
    {
        var result = ParseLisbon(text);

        result.Interval.Start.Should().Be(Utc(expectedStart));
        result.Interval.Duration.Should().Be(Duration.FromDays(1));
    }

    [Theory]
    [InlineData("next week", "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z")]
    [InlineData("next month", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("next friday", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")]
    [InlineData("next tuesday", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z")]
    public void Parse_WhenNext_ThenCoversTheFollowingPeriodOrDay(string text, string expectedStart, string expectedEnd)
    {
        AssertInterval(ParseLisbon(text), expectedStart, expectedEnd);
    }

    [Theory]
    [InlineData("last weekend", "2026-11-21T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("the weekend", "2026-11-21T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("this weekend", "2026-11-28T00:00:00Z", "2026-11-30T00:00:00Z")]
    [InlineData("this past weekend", "2026-11-21T00:00:00Z", "2026-11-23T00:00:00Z")]
    public void Parse_WhenWeekend_ThenCoversSaturdayAndSunday(string text, string expectedStart, string expectedEnd)
    {
        AssertInterval(ParseLisbon(text), expectedStart, expectedEnd);
    }

    [Theory]
    [InlineData("2026-11-17")]
    [InlineData("17 November")]
    [InlineData("17 Nov")]
    [InlineData("17 nov.")]
    [InlineData("November 17")]
    [InlineData("Nov 17th")]
    [InlineData("17th of November")]
    [InlineData("the 17th of November")]
    [InlineData("17th Nov 2026")]
    [InlineData("17 November this year")]
    [InlineData("Tuesday 17 November")]
    [InlineData("Tue, 17 Nov")]
    public void Parse_WhenExplicitDate_ThenCoversThatLocalDay(string text)
    {
        var result = ParseLisbon($"what did I save on {text}");

        AssertInterval(result, "2026-11-17T00:00:00Z", "2026-11-18T00:00:00Z");
        result.Description.Should().EndWith("(Tue 17 Nov)");
        result.RemainingText.Should().StartWith("what did I save");
    }

    [Theory]
    [InlineData("17 November 2025")]
    [InlineData("November 17, 2025")]
    [InlineData("Nov 17th 2025")]
    [InlineData("17 Nov last year")]
    [InlineData("2025-11-17")]
    [InlineData("2025/11/17")]
    public void Parse_WhenExplicitDateWithYear_ThenUsesThatYear(string text)
    {
        var result = ParseLisbon(text);

        AssertInterval(result, "2025-11-17T00:00:00Z", "2025-11-18T00:00:00Z");
        result.Phrase.Should().Be(text);
        result.Description.Should().Be($"{text} (Mon 17 Nov 2025)");
    }

    [Theory]
    [InlineData("25 December", "2025-12-25T00:00:00Z")]
    [InlineData("November 25", "2025-11-25T00:00:00Z")]
    [InlineData("24 November", "2026-11-24T00:00:00Z")]
    [InlineData("29 February", "2024-02-29T00:00:00Z")]
    public void Parse_WhenExplicitDateWithoutYear_ThenUsesMostRecentOccurrenceNotInTheFuture(string text, string expectedStart)
    {
        var result = ParseLisbon(text);

        result.Interval.Start.Should().Be(Utc(expectedStart));
        result.Interval.Duration.Should().Be(Duration.FromDays(1));
    }

    [Fact]
    public void Parse_WhenExplicitDateWithoutYearIsInTheFuture_ThenDescriptionShowsLastYear()
    {
        ParseLisbon("25 December").Description.Should().Be("25 December (Thu 25 Dec 2025)");
    }

    [Theory]
    [InlineData("31 February")]
    [InlineData("February 30 2025")]
    [InlineData("29 Feb 2025")]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("32 March")]
    [InlineData("31 February 2026")]
    public void Parse_WhenDateIsImpossible_ThenReturnsNullInsteadOfThrowing(string text)
    {
        TimePhraseParser.Parse($"notes on {text}", _now, _lisbon).Should().BeNull();
    }

    [Theory]
    [InlineData("what did I save in June", "2026-05-31T23:00:00Z", "2026-06-30T23:00:00Z")]
    [InlineData("notes from December", "2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("in November", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("last November", "2025-11-01T00:00:00Z", "2025-12-01T00:00:00Z")]
    [InlineData("May 2024", "2024-04-30T23:00:00Z", "2024-05-31T23:00:00Z")]
    public void Parse_WhenMonthName_ThenCoversThatCalendarMonth(string text, string expectedStart, string expectedEnd)
    {
        AssertInterval(ParseLisbon(text), expectedStart, expectedEnd);
    }

    [Theory]
    [InlineData("what did I plan for dinner last week?", "what did I plan for dinner?")]
    [InlineData("show me my hairstyle update from last week", "show me my hairstyle update")]
    [InlineData("what did I note yesterday", "what did I note")]
    [InlineData("groceries on monday", "groceries")]
    [InlineData("what did I save on 17 November", "what did I save")]
    [InlineData("notes from the last 3 days", "notes")]
    [InlineData("Yesterday, what did I note?", "what did I note?")]
    [InlineData("show me yesterday's notes", "show me notes")]
    [InlineData("show me yesterday’s notes", "show me notes")]
    [InlineData("what did I write during the week before last about the car", "what did I write about the car")]
    [InlineData("gym   notes  , last week", "gym notes")]
    [InlineData("notes, last week, about the car", "notes, about the car")]
    [InlineData("- yesterday - notes", "notes")]
    [InlineData("show me last week's notes", "show me notes")]
    [InlineData("last week", "")]
    public void Parse_WhenPhraseIsFound_ThenRemainingTextHasItAndItsPrepositionRemoved(string text, string remaining)
    {
        ParseLisbon(text).RemainingText.Should().Be(remaining);
    }

    [Fact]
    public void Parse_WhenPhraseIsFound_ThenPhraseIsTheTextAsWritten()
    {
        var result = ParseLisbon("show me my hairstyle update from LAST Week");

        result.Phrase.Should().Be("LAST Week");
        result.RemainingText.Should().Be("show me my hairstyle update");
    }

    [Theory]
    [InlineData("LAST WEEK", "2026-11-16T00:00:00Z")]
    [InlineData("Yesterday", "2026-11-23T00:00:00Z")]
    [InlineData("ON MONDAY", "2026-11-23T00:00:00Z")]
    [InlineData("17 NOV", "2026-11-17T00:00:00Z")]
    [InlineData("The Last Three Days", "2026-11-22T00:00:00Z")]
    public void Parse_WhenPhraseHasAnyCasing_ThenItIsRecognised(string text, string expectedStart)
    {
        ParseLisbon(text).Interval.Start.Should().Be(Utc(expectedStart));
    }

    [Theory]
    [InlineData("yesterday and last week", "yesterday")]
    [InlineData("last friday", "last friday")]
    [InlineData("17 November 2025", "17 November 2025")]
    [InlineData("notes from the last 3 days", "the last 3 days")]
    public void Parse_WhenSeveralPhrasesMatch_ThenLeftmostLongestWins(string text, string phrase)
    {
        ParseLisbon(text).Phrase.Should().Be(phrase);
    }

    [Theory]
    [InlineData("Europe/Lisbon", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("America/Los_Angeles", "2026-11-16T08:00:00Z", "2026-11-23T08:00:00Z")]
    [InlineData("Pacific/Kiritimati", "2026-11-15T10:00:00Z", "2026-11-22T10:00:00Z")]
    [InlineData("Pacific/Pago_Pago", "2026-11-16T11:00:00Z", "2026-11-23T11:00:00Z")]
    [InlineData("Asia/Kolkata", "2026-11-15T18:30:00Z", "2026-11-22T18:30:00Z")]
    public void Parse_WhenLastWeekInZone_ThenIsMondayToMondayLocal(string zoneId, string expectedStart, string expectedEnd)
    {
        var zone = Zone(zoneId);

        var result = TimePhraseParser.Parse("what did I plan for dinner last week?", LocalNow(zone, 2026, 11, 24), zone);

        AssertInterval(result, expectedStart, expectedEnd);
        result!.Description.Should().Be("last week (Mon 16 Nov – Sun 22 Nov)");
        result.Interval.Start.InZone(zone).LocalDateTime.Should().Be(new LocalDateTime(2026, 11, 16, 0, 0));
        result.Interval.End.InZone(zone).LocalDateTime.Should().Be(new LocalDateTime(2026, 11, 23, 0, 0));
    }

    [Theory]
    [InlineData("Pacific/Kiritimati", "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z", "yesterday (Tue 24 Nov)")]
    [InlineData("Pacific/Pago_Pago", "2026-11-23T11:00:00Z", "2026-11-24T11:00:00Z", "yesterday (Mon 23 Nov)")]
    public void Parse_WhenSameInstantInZonesOnDifferentDates_ThenYesterdayFollowsTheLocalDate(
        string zoneId, string expectedStart, string expectedEnd, string description)
    {
        // 20:00 UTC is Wednesday 10:00 in Kiritimati (UTC+14) but still Tuesday 09:00 in Pago Pago (UTC-11).
        var instant = Utc("2026-11-24T20:00:00Z");

        var result = TimePhraseParser.Parse("yesterday", instant, Zone(zoneId));

        AssertInterval(result, expectedStart, expectedEnd);
        result!.Description.Should().Be(description);
    }

    [Fact]
    public void Parse_WhenLastWeekContainsSpringForward_ThenIs167HoursLong()
    {
        // Berlin springs forward on Sunday 29 March 2026.
        var result = TimePhraseParser.Parse("last week", LocalNow(_berlin, 2026, 3, 31), _berlin);

        AssertInterval(result, "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z");
        result!.Interval.Duration.Should().Be(Duration.FromHours(167));
    }

    [Fact]
    public void Parse_WhenThisWeekContainsFallBack_ThenIs169HoursLong()
    {
        // Berlin falls back on Sunday 25 October 2026.
        var result = TimePhraseParser.Parse("this week", LocalNow(_berlin, 2026, 10, 21), _berlin);

        AssertInterval(result, "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z");
        result!.Interval.Duration.Should().Be(Duration.FromHours(169));
    }

    [Theory]
    [InlineData(3, 30, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23)]
    [InlineData(10, 26, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25)]
    public void Parse_WhenYesterdayWasADstChangeDay_ThenItIs23Or25HoursLong(
        int month, int day, string expectedStart, string expectedEnd, int hours)
    {
        var result = TimePhraseParser.Parse("yesterday", LocalNow(_berlin, 2026, month, day), _berlin);

        AssertInterval(result, expectedStart, expectedEnd);
        result!.Interval.Duration.Should().Be(Duration.FromHours(hours));
    }

    [Fact]
    public void Parse_WhenLastWeekContainsFallBackInLosAngeles_ThenIs169HoursLong()
    {
        // US DST ends on Sunday 1 November 2026.
        var zone = Zone("America/Los_Angeles");

        var result = TimePhraseParser.Parse("last week", LocalNow(zone, 2026, 11, 3), zone);

        AssertInterval(result, "2026-10-26T07:00:00Z", "2026-11-02T08:00:00Z");
        result!.Interval.Duration.Should().Be(Duration.FromHours(169));
    }

    [Theory]
    [InlineData("America/Santiago", "6 September 2026", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z")]
    [InlineData("Asia/Beirut", "29 March 2026", "2026-03-28T22:00:00Z", "2026-03-29T21:00:00Z")]
    [InlineData("America/Havana", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z")]
    [InlineData("America/Sao_Paulo", "4 November 2018", "2018-11-04T03:00:00Z", "2018-11-05T02:00:00Z")]
    public void Parse_WhenMidnightIsSkipped_ThenDayStartsAtFirstValidLocalTime(
        string zoneId, string text, string expectedStart, string expectedEnd)
    {
        var zone = Zone(zoneId);

        var result = TimePhraseParser.Parse(text, LocalNow(zone, 2026, 11, 24), zone);

        AssertInterval(result, expectedStart, expectedEnd);
        result!.Interval.Start.InZone(zone).TimeOfDay.Should().Be(new LocalTime(1, 0));
        result.Interval.Duration.Should().Be(Duration.FromHours(23));
    }

    [Fact]
    public void Parse_WhenYesterdayStartedAfterSkippedMidnight_ThenStartsAtOneAm()
    {
        // Chile springs forward at 24:00 on Saturday 5 September 2026, so Sunday starts at 01:00.
        var zone = Zone("America/Santiago");

        var result = TimePhraseParser.Parse("yesterday", LocalNow(zone, 2026, 9, 7), zone);

        AssertInterval(result, "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z");
        result!.Description.Should().Be("yesterday (Sun 6 Sep)");
    }

    [Fact]
    public void Parse_WhenLastWeekContainsSkippedMidnight_ThenIs167HoursLong()
    {
        var zone = Zone("America/Santiago");

        var result = TimePhraseParser.Parse("last week", LocalNow(zone, 2026, 9, 8), zone);

        AssertInterval(result, "2026-08-31T04:00:00Z", "2026-09-07T03:00:00Z");
        result!.Interval.Duration.Should().Be(Duration.FromHours(167));
    }

    [Fact]
    public void Parse_WhenDayWasSkippedEntirely_ThenReturnsNull()
    {
        // Samoa jumped from 29 to 31 December 2011 when it crossed the date line.
        var apia = Zone("Pacific/Apia");

        TimePhraseParser.Parse("30 December 2011", _now, apia).Should().BeNull();
    }

    [Fact]
    public void Parse_WhenDayBeforeASkippedDay_ThenEndsWhereTheNextExistingDayStarts()
    {
        var apia = Zone("Pacific/Apia");

        var result = TimePhraseParser.Parse("29 December 2011", _now, apia);

        AssertInterval(result, "2011-12-29T10:00:00Z", "2011-12-30T10:00:00Z");
        result!.Interval.End.Should().Be(apia.AtStartOfDay(new LocalDate(2011, 12, 31)).ToInstant());
    }

    private static TimePhrase ParseLisbon(string text)
    {
        var result = TimePhraseParser.Parse(text, _now, _lisbon);
        result.Should().NotBeNull($"\"{text}\" contains a time phrase");
        return result!;
    }

    private static void AssertInterval(TimePhrase? result, string expectedStart, string expectedEnd)
    {
        result.Should().NotBeNull();
        result!.Interval.Should().Be(new TimeInterval(Utc(expectedStart), Utc(expectedEnd)));
    }

    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    private static Instant LocalNow(DateTimeZone zone, int year, int month, int day, int hour = 10) =>
        new LocalDateTime(year, month, day, hour, 0).InZoneStrictly(zone).ToInstant();

    private static Instant Utc(string iso) => InstantPattern.ExtendedIso.Parse(iso).Value;
}
