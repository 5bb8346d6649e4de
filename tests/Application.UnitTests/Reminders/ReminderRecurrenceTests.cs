using MemoryAssistant.Application.Reminders;
using NodaTime;

namespace MemoryAssistant.Application.UnitTests.Reminders;

public sealed class ReminderRecurrenceTests
{
    private static readonly DateTimeZone s_lisbon = DateTimeZoneProviders.Tzdb["Europe/Lisbon"];
    private static readonly DateTimeZone s_newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone s_kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];

    private static List<Instant> Occurrences(string cron, Instant after, DateTimeZone zone, int count)
    {
        var result = new List<Instant>();
        var cursor = after;
        for (var i = 0; i < count; i++)
        {
            var next = ReminderRecurrence.Next(cron, cursor, zone);
            next.Should().NotBeNull();
            result.Add(next!.Value);
            cursor = next.Value;
        }

        return result;
    }

    [Theory]
    [InlineData("0 8 * * 1", true)]
    [InlineData("30 8 * * 1-5", true)]
    [InlineData("0 10 1 * *", true)]
    [InlineData("0 10 * * 0,6", true)]
    [InlineData("0 8 * *", false)]
    [InlineData("0 8 * * * *", false)]
    [InlineData("61 8 * * *", false)]
    [InlineData("every monday", false)]
    [InlineData("", false)]
    public void IsValid_WhenGivenAnExpression_ThenOnlyFiveFieldCronIsAccepted(string cron, bool expected) =>
        ReminderRecurrence.IsValid(cron).Should().Be(expected);

    [Theory]
    [InlineData("0 8 * * 1", "every Monday at 08:00")]
    [InlineData("30 8 * * 1-5", "every weekday at 08:30")]
    [InlineData("0 7 * * *", "every day at 07:00")]
    [InlineData("0 10 * * 0,6", "every Saturday and Sunday at 10:00")]
    [InlineData("0 18 * * 1,4", "every Monday and Thursday at 18:00")]
    [InlineData("15 9 * * 1,3,5", "every Monday, Wednesday and Friday at 09:15")]
    [InlineData("0 20 * * 7", "every Sunday at 20:00")]
    [InlineData("0 10 1 * *", "on the 1st of every month at 10:00")]
    [InlineData("0 10 22 * *", "on the 22nd of every month at 10:00")]
    [InlineData("0 10 13 * *", "on the 13th of every month at 10:00")]
    [InlineData("0 9 5 5 *", "every year on 5 May at 09:00")]
    [InlineData("*/5 * * * *", "on the schedule \"*/5 * * * *\"")]
    public void Describe_WhenCron_ThenShortHumanText(string cron, string expected) =>
        ReminderRecurrence.Describe(cron).Should().Be(expected);

    [Fact]
    public void Next_WhenDailyInKolkata_ThenNineLocalIsThreeThirtyUtc() =>
        ReminderRecurrence.Next("0 9 * * *", Instant.FromUtc(2026, 12, 1, 6, 35), s_kolkata)
            .Should().Be(Instant.FromUtc(2026, 12, 2, 3, 30));

    [Fact]
    public void Next_WhenAfterIsExactlyAnOccurrence_ThenTheFollowingOneIsReturned() =>
        ReminderRecurrence.Next("0 9 * * *", Instant.FromUtc(2026, 12, 2, 9, 0), s_lisbon)
            .Should().Be(Instant.FromUtc(2026, 12, 3, 9, 0));

    [Fact]
    public void Next_WhenTheLocalTimeIsSkippedBySpringForward_ThenItFiresOnceAtTheTransition()
    {
        // Lisbon, 29 Mar 2026: 01:00 WET -> 02:00 WEST, so 01:30 does not exist that day.
        var occurrences = Occurrences("30 1 * * *", Instant.FromUtc(2026, 3, 28, 12, 0), s_lisbon, 2);

        occurrences.Should().Equal(
            Instant.FromUtc(2026, 3, 29, 1, 0),   // the transition instant (02:00 WEST)
            Instant.FromUtc(2026, 3, 30, 0, 30)); // 01:30 WEST the next day
    }

    [Fact]
    public void Next_WhenTheLocalTimeRepeatsAtFallBack_ThenItFiresExactlyOnceThatDay()
    {
        // New York, 1 Nov 2026: 02:00 EDT -> 01:00 EST, so 01:30 happens twice; Cronos fires at the first (EDT).
        var occurrences = Occurrences("30 1 * * *", Instant.FromUtc(2026, 10, 31, 12, 0), s_newYork, 3);

        occurrences.Should().Equal(
            Instant.FromUtc(2026, 11, 1, 5, 30),
            Instant.FromUtc(2026, 11, 2, 6, 30),
            Instant.FromUtc(2026, 11, 3, 6, 30));
        occurrences.Should().OnlyHaveUniqueItems();
        (occurrences[1] - occurrences[0]).Should().Be(Duration.FromHours(25));
        (occurrences[2] - occurrences[1]).Should().Be(Duration.FromHours(24));
        occurrences.Select(o => o.InZone(s_newYork).Date).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Next_WhenWeeklyAcrossDst_ThenTheLocalTimeStaysTheSame()
    {
        var occurrences = Occurrences("0 8 * * 1", Instant.FromUtc(2026, 3, 20, 12, 0), s_lisbon, 2);

        occurrences.Should().Equal(Instant.FromUtc(2026, 3, 23, 8, 0), Instant.FromUtc(2026, 3, 30, 7, 0));
        occurrences.Select(o => o.InZone(s_lisbon).TimeOfDay).Should().AllBeEquivalentTo(new LocalTime(8, 0));
    }

    [Fact]
    public void Next_WhenMonthlyOnThe31st_ThenMonthsWithoutOneAreSkipped()
    {
        // Cron semantics (Cronos): day-of-month 31 only matches months that have a 31st; no clamping to month end.
        var occurrences = Occurrences("0 10 31 * *", Instant.FromUtc(2026, 1, 31, 12, 0), s_lisbon, 3);

        occurrences.Select(o => o.InZone(s_lisbon).Date).Should().Equal(
            new LocalDate(2026, 3, 31),
            new LocalDate(2026, 5, 31),
            new LocalDate(2026, 7, 31));
    }

    [Fact]
    public void Next_WhenFebruary29th_ThenOnlyLeapYears() =>
        ReminderRecurrence.Next("0 9 29 2 *", Instant.FromUtc(2026, 1, 1, 0, 0), s_lisbon)
            .Should().Be(Instant.FromUtc(2028, 2, 29, 9, 0));

    [Fact]
    public void Next_WhenFixedOffsetZone_ThenItIsUsedWithoutASystemZone() =>
        ReminderRecurrence.Next("0 9 * * *", Instant.FromUtc(2026, 12, 1, 0, 0), DateTimeZone.ForOffset(Offset.FromHours(2)))
            .Should().Be(Instant.FromUtc(2026, 12, 1, 7, 0));
}
