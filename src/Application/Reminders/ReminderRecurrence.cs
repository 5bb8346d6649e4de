using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using NodaTime;

namespace MemoryAssistant.Application.Reminders;

/// <summary>
/// Recurring reminders are stored as standard 5-field cron expressions ("m h dom mon dow") read in the user's own
/// zone, so "every Monday at 08:00" stays 08:00 on the wall clock whatever DST does. Cronos does the arithmetic.
/// </summary>
/// <remarks>
/// <para>
/// DST semantics are Cronos's: a local time the zone skips (spring forward, e.g. 01:30 in Europe/Lisbon on
/// 29 Mar 2026 when clocks jump 01:00 → 02:00) fires once, at the transition instant; a local time that happens
/// twice (fall back, e.g. 01:30 in America/New_York on 1 Nov 2026) fires once, at its first (daylight) occurrence.
/// Only expressions that step through every minute or hour of the night fire again during the repeated hour, and
/// the parser never produces those.
/// </para>
/// <para>
/// A day-of-month that a month lacks is simply skipped by cron: "on the 31st" fires in January, March, May, July,
/// August, October and December only, and "29 Feb" only in leap years.
/// </para>
/// <para>
/// The zone is handed to Cronos as a <see cref="TimeZoneInfo"/> found by the NodaTime zone's id, which works for
/// IANA ids on Linux (and on Windows through ICU). The system tz database may be a release older or newer than
/// NodaTime's; for the zones people actually live in the rules agree.
/// </para>
/// </remarks>
public static partial class ReminderRecurrence
{
    private static readonly string[] _dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] _monthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>True when <paramref name="cron"/> is a 5-field expression Cronos can schedule.</summary>
    public static bool IsValid(string cron) =>
        !string.IsNullOrWhiteSpace(cron) && CronExpression.TryParse(cron, CronFormat.Standard, out _);

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, with the cron read as local time in
    /// <paramref name="zone"/>; <see langword="null"/> when there is none (e.g. "0 9 30 2 *").
    /// Skipped local times fire at the transition and repeated ones once (see the type remarks).
    /// </summary>
    /// <exception cref="FormatException">The cron is not a valid 5-field expression (check with <see cref="IsValid"/>).</exception>
    /// <exception cref="TimeZoneNotFoundException">The system has no zone with <paramref name="zone"/>'s id.</exception>
    public static Instant? Next(string cron, Instant after, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(zone);

        var expression = CronExpression.Parse(cron, CronFormat.Standard);
        var next = expression.GetNextOccurrence(after.ToDateTimeUtc(), ToTimeZoneInfo(zone), inclusive: false);
        return next is { } utc ? Instant.FromDateTimeUtc(utc) : null;
    }

    /// <summary>
    /// A short description of the crons the parser produces: "every Monday at 08:00", "every weekday at 08:30",
    /// "every day at 07:00", "on the 1st of every month at 10:00", "every year on 5 May at 09:00".
    /// Anything else (written by hand) is shown as the raw expression rather than described wrongly.
    /// </summary>
    public static string Describe(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);

        var match = SimpleCronRegex().Match(cron.Trim());
        if (!match.Success || !IsValid(cron))
        {
            return $"on the schedule \"{cron.Trim()}\"";
        }

        var minute = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var at = $"at {hour:00}:{minute:00}";
        var dom = match.Groups["dom"].Value;
        var month = match.Groups["mon"].Value;
        var dow = match.Groups["dow"].Value;

        if (dom == "*" && month == "*")
        {
            return DescribeDays(dow) is { } days ? $"{days} {at}" : $"on the schedule \"{cron.Trim()}\"";
        }

        if (dow == "*" && dom != "*")
        {
            var day = int.Parse(dom, CultureInfo.InvariantCulture);
            return month == "*"
                ? $"on the {Ordinal(day)} of every month {at}"
                : $"every year on {day} {_monthNames[int.Parse(month, CultureInfo.InvariantCulture) - 1]} {at}";
        }

        return $"on the schedule \"{cron.Trim()}\"";
    }

    internal static string Ordinal(int day)
    {
        var suffix = (day % 100) is >= 11 and <= 13 ? "th"
            : (day % 10) switch
            {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            };
        return day.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static string? DescribeDays(string dow)
    {
        if (dow == "*")
        {
            return "every day";
        }

        if (dow == "1-5")
        {
            return "every weekday";
        }

        if (!DayListRegex().IsMatch(dow))
        {
            return null;
        }

        // Cron counts Sunday as 0 or 7; people expect Monday first and Sunday last.
        var days = dow.Split(',')
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture) % 7)
            .Distinct()
            .OrderBy(d => d == 0 ? 7 : d)
            .ToList();
        if (days.SequenceEqual([1, 2, 3, 4, 5]))
        {
            return "every weekday";
        }

        var names = days.Select(d => _dayNames[d]).ToList();
        return names.Count == 1
            ? $"every {names[0]}"
            : $"every {string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
    }

    private static TimeZoneInfo ToTimeZoneInfo(DateTimeZone zone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(zone.Id, out var found))
        {
            return found;
        }

        // NodaTime's fixed-offset zones ("UTC+05:30") have no system counterpart but need none.
        if (zone.MinOffset == zone.MaxOffset)
        {
            return TimeZoneInfo.CreateCustomTimeZone(zone.Id, zone.MinOffset.ToTimeSpan(), zone.Id, zone.Id);
        }

        throw new TimeZoneNotFoundException($"The system has no time zone with id '{zone.Id}'.");
    }

    [GeneratedRegex(@"^(?<m>[0-5]?\d)\s+(?<h>[01]?\d|2[0-3])\s+(?<dom>\*|[1-9]|[12]\d|3[01])\s+(?<mon>\*|[1-9]|1[0-2])\s+(?<dow>[\d,\-*]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleCronRegex();

    [GeneratedRegex(@"^[0-7](?:,[0-7])*$", RegexOptions.CultureInvariant)]
    private static partial Regex DayListRegex();
}
