using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.Application.Common.Time;

/// <summary>How instants are shown: stored in UTC, always presented in the user's own zone.</summary>
public static class LocalTimes
{
    /// <summary>The date, or null when it does not exist ("31 June", "29 Feb" of a common year) or is out of range.</summary>
    public static LocalDate? TryCreateDate(int year, int month, int day) =>
        year is >= 1 and <= 9998
        && month is >= 1 and <= 12
        && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(year, month)
            ? new LocalDate(year, month, day)
            : null;

    private static readonly OffsetDateTimePattern s_iso =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    /// <summary>ISO-8601 with the zone's offset at that instant, e.g. 2026-11-17T19:05:00+00:00.</summary>
    public static string Iso(Instant instant, DateTimeZone zone) => s_iso.Format(instant.InZone(zone).ToOffsetDateTime());

    /// <summary>One-line form for WhatsApp, e.g. "Tue 17 Nov, 19:05" (with the year when it is not this year's).</summary>
    public static string Friendly(Instant instant, DateTimeZone zone, Instant now)
    {
        var local = instant.InZone(zone).LocalDateTime;
        var sameYear = local.Year == now.InZone(zone).Year;
        return local.ToString(sameYear ? "ddd d MMM, HH:mm" : "ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Day(LocalDate date) => date.ToString("ddd d MMM", CultureInfo.InvariantCulture);
}
