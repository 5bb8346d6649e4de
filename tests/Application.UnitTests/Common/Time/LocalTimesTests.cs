using MemoryAssistant.Application.Common.Time;
using NodaTime;

namespace MemoryAssistant.Application.UnitTests.Common.Time;

public sealed class LocalTimesTests
{
    private static readonly Instant _evening = Instant.FromUtc(2026, 11, 17, 19, 5);

    [Theory]
    [InlineData("Asia/Kolkata", "2026-11-18T00:35:00+05:30")]
    [InlineData("UTC", "2026-11-17T19:05:00+00:00")]
    [InlineData("Etc/UTC", "2026-11-17T19:05:00+00:00")]
    [InlineData("Europe/Lisbon", "2026-11-17T19:05:00+00:00")]
    [InlineData("America/Los_Angeles", "2026-11-17T11:05:00-08:00")]
    [InlineData("Asia/Kathmandu", "2026-11-18T00:50:00+05:45")]
    [InlineData("America/St_Johns", "2026-11-17T15:35:00-03:30")]
    public void Iso_WhenZone_ThenShowsLocalTimeWithThatZonesOffset(string zoneId, string expected)
    {
        LocalTimes.Iso(_evening, DateTimeZoneProviders.Tzdb[zoneId]).Should().Be(expected);
    }

    [Fact]
    public void Iso_WhenDateTimeZoneUtc_ThenOffsetIsWrittenNotZ()
    {
        LocalTimes.Iso(_evening, DateTimeZone.Utc).Should().Be("2026-11-17T19:05:00+00:00");
    }

    [Fact]
    public void Iso_WhenLosAngelesInSummer_ThenUsesDaylightOffset()
    {
        var july = Instant.FromUtc(2026, 7, 1, 19, 5);

        LocalTimes.Iso(july, DateTimeZoneProviders.Tzdb["America/Los_Angeles"]).Should().Be("2026-07-01T12:05:00-07:00");
    }

    [Fact]
    public void Iso_WhenInstantHasSubSeconds_ThenTruncatedToSeconds()
    {
        var instant = _evening + Duration.FromMilliseconds(999);

        LocalTimes.Iso(instant, DateTimeZone.Utc).Should().Be("2026-11-17T19:05:00+00:00");
    }

    [Fact]
    public void Friendly_WhenInTheCurrentYear_ThenOmitsTheYear()
    {
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);

        LocalTimes.Friendly(_evening, DateTimeZone.Utc, now).Should().Be("Tue 17 Nov, 19:05");
    }

    [Fact]
    public void Friendly_WhenInAnotherYear_ThenShowsTheYear()
    {
        var now = Instant.FromUtc(2027, 1, 2, 10, 0);

        LocalTimes.Friendly(_evening, DateTimeZone.Utc, now).Should().Be("Tue 17 Nov 2026, 19:05");
    }

    [Fact]
    public void Friendly_WhenInAFutureYear_ThenShowsTheYear()
    {
        var now = Instant.FromUtc(2025, 11, 24, 10, 0);

        LocalTimes.Friendly(_evening, DateTimeZone.Utc, now).Should().Be("Tue 17 Nov 2026, 19:05");
    }

    [Fact]
    public void Friendly_WhenZoneIsAhead_ThenShowsTheLocalDayAndTime()
    {
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);

        LocalTimes.Friendly(_evening, DateTimeZoneProviders.Tzdb["Asia/Kolkata"], now).Should().Be("Wed 18 Nov, 00:35");
    }

    [Fact]
    public void Friendly_WhenYearsDifferOnlyInTheUsersZone_ThenJudgesTheYearLocally()
    {
        // 31 Dec 2026 21:00 in Tokyo; "now" is already 1 Jan 2027 there although still 2026 in UTC.
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var instant = Instant.FromUtc(2026, 12, 31, 12, 0);
        var now = Instant.FromUtc(2026, 12, 31, 16, 0);

        LocalTimes.Friendly(instant, tokyo, now).Should().Be("Thu 31 Dec 2026, 21:00");
        LocalTimes.Friendly(instant, DateTimeZone.Utc, now).Should().Be("Thu 31 Dec, 12:00");
    }

    [Fact]
    public void Day_WhenDate_ThenShortDayName()
    {
        LocalTimes.Day(new LocalDate(2026, 11, 24)).Should().Be("Tue 24 Nov");
    }
}
