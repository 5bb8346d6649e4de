using System.Globalization;
using System.Text.RegularExpressions;
using MemoryAssistant.Application.Common.Time;
using NodaTime;
using NodaTime.TimeZones;

namespace MemoryAssistant.Application.Reminders;

/// <summary>
/// Reads an English WhatsApp message that asks for a reminder ("remind me tomorrow at 9 to call mom",
/// "every Monday at 8 remind me to water the plants", "/remind tomorrow 9 call mom") into what to remind, when,
/// and how often. Pure: no clock, no storage, every local time resolved in the user's own zone.
/// </summary>
/// <remarks>
/// <para>
/// Only messages that start (after "please", "can you", ...) with "remind me", "set a reminder", "/remind",
/// "reminder:" or a pure time phrase followed by "remind me" are reminders; everything else returns
/// <see langword="null"/> so the caller files it as a note or a question. "remind me what/where/who/when/which/how/
/// of ..." asks to recall a memory and is not a reminder either; "reminder: ..." is only a reminder when it names a
/// time of day, a part of the day, a delay or a recurrence (otherwise it is a note that happens to start that way).
/// </para>
/// <para>
/// Times: "at 9" is the next 09:00 (today if still ahead, else tomorrow). A bare hour 1–6 (also "5:30") without
/// am/pm and without a leading zero means the afternoon (13–18), because nobody wants a 5 a.m. reminder by
/// accident; "05:30" is taken literally, and "tomorrow morning at 6" is 06:00. With "afternoon", "evening" or
/// "tonight" any bare hour up to 11 is pm. Parts of the day alone are morning 09:00, afternoon 15:00, evening 19:00,
/// night 20:00; a date without a time is 09:00. "midnight" on a one-off is the midnight that ends the named day
/// ("at midnight" and "tonight at 12" = the coming midnight), in a recurrence it is 00:00 of the named day.
/// </para>
/// <para>
/// Days: a weekday ("on Friday", "this Friday") is today when today is that day and the time is still ahead,
/// otherwise the next one; "next Friday" is the first Friday after today (the convention of the recall parser).
/// A date without a year is the first such date from today on; the date-only numeric forms "12/12" are not read
/// because day/month order is ambiguous (ISO "2026-12-12" is). "in N minutes/hours" is elapsed time;
/// "in N days/weeks" is the same local time N days later.
/// </para>
/// <para>
/// DST: a one-off local time that the zone skips moves forward by the length of the gap (02:30 on a 02:00→03:00
/// night becomes 03:30) and an ambiguous one takes the earlier instant — NodaTime's
/// <see cref="Resolvers.LenientResolver"/>. Recurring reminders follow <see cref="ReminderRecurrence"/> (Cronos).
/// </para>
/// <para>
/// Recurrences understood: every day / morning / evening / night, every weekday, every weekend, every Monday (and
/// Thursday ...), "on Mondays", monthly on a day ("every month on the 1st", "on the 1st of every month") and yearly
/// on a date ("every year on 5 May", "every 5 May"). "every hour", "every other day", "every 2 weeks", "every month"
/// without a day and the like are answered with a problem instead of being guessed.
/// </para>
/// </remarks>
public static partial class ReminderParser
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const RegexOptions WholeOptions = Options | RegexOptions.Singleline;

    private const string Example = "remind me tomorrow at 9 to call mom";

    private const string DowFull = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
    private const string DowShort = "mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun";
    private const string DowWord = "(?:" + DowFull + "|" + DowShort + @")s?\b";
    private const string DowSeparator = @"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*/\s*|\s*\+\s*)";
    private const string DowList = DowWord + "(?:" + DowSeparator + DowWord + ")*";
    private const string PartSuffix = @"(?:\s+(?<part>morning|afternoon|evening|night)s?\b)?";
    private const string Ordinal = "(?:st|nd|rd|th)";
    private const string Dom = @"(?<dom>\d{1,2})";
    private const string Month =
        "(?<month>january|february|march|april|may|june|july|august|september|october|november|december"
        + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private const string DayMonth = @"(?<day>\d{1,2})" + Ordinal + @"?\s+(?:of\s+)?" + Month + @"\b";
    private const string MonthDay = Month + @"\.?\s+(?:the\s+)?(?<day>\d{1,2})" + Ordinal + @"?\b";
    private const string AnnualDate = "(?:" + DayMonth + "|" + MonthDay + ")";
    private const string YearSuffix = @"(?:,?\s+(?<year>\d{4})\b)?";
    private const string DayLead = @"(?:\b(?:on|for|by|until|till)\s+)?";

    // "tomorrow 9 call mom": a bare hour straight after a day, but not a count ("2 days") or an ordinal ("9th").
    private const string BareHour =
        @"(?:\s*,?\s+(?<bh>\d{1,2})(?:[:.](?<bm>\d{2}))?\b(?![:.]\d|\s*(?:%|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|times|x)\b))?";

    // "on sat at 10" is a day, "put on sun cream" is not: an abbreviation must be followed by the time or the task.
    private const string ShortDowFollower =
        @"(?=\s*(?:$|[,;:!?]|(?:at|to|about|that|by|morning|afternoon|evening|night)\b|@|\d))";

    private const string WeekdayPrefix = @"(?:(?:" + DowFull + "|" + DowShort + @")\.?,?\s+)?";

    private static readonly string[] _dowPrefixes = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly string[] _monthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] _numberWords =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private enum Part
    {
        Morning,
        Afternoon,
        Evening,
        Night,
    }

    private enum RecurrenceKind
    {
        Daily,
        Weekdays,
        Weekend,
        Days,
        Monthly,
        Yearly,
    }

    private enum DayKind
    {
        Offset,
        Fixed,
        Weekday,
        NextWeekday,
        DayOfMonth,
        AnnualDate,
    }

    /// <summary>
    /// Reads <paramref name="message"/> sent at <paramref name="now"/> by a user living in <paramref name="zone"/>.
    /// Returns <see langword="null"/> when the message is not a reminder request at all (so the caller treats it as
    /// a note or question), otherwise either the request or a one-line problem to send back.
    /// </summary>
    public static ReminderParse? Parse(string message, Instant now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(zone);

        var text = Normalise(message);
        string body;
        var noteStyle = false;

        if (SlashRegex().Match(text) is { Success: true } slash)
        {
            body = slash.Groups["rest"].Value;
        }
        else if (RemindMeRegex().Match(text) is { Success: true } remind)
        {
            body = remind.Groups["rest"].Value;
            if (RecallRegex().IsMatch(body))
            {
                return null;
            }
        }
        else if (SetReminderRegex().Match(text) is { Success: true } set)
        {
            body = set.Groups["rest"].Value;
        }
        else if (NoteReminderRegex().Match(text) is { Success: true } note)
        {
            body = note.Groups["rest"].Value;
            noteStyle = true;
        }
        else if (LeadingTimeRegex().Match(text) is { Success: true } led && IsOnlyTime(led.Groups["lead"].Value))
        {
            var rest = led.Groups["rest"].Value;
            if (RecallRegex().IsMatch(rest))
            {
                return null;
            }

            body = $"{led.Groups["lead"].Value} {rest}";
        }
        else
        {
            return null;
        }

        var found = Extract(body);

        // "Reminder: the dentist is on Friday" is a note written as a reminder, not a request to be pinged.
        if (noteStyle && found.Clock is null && found.Part is null && found.Relative is null && found.Recurrence is null)
        {
            return null;
        }

        return Build(found, now, zone);
    }

    private static ReminderParse Build(Found found, Instant now, DateTimeZone zone)
    {
        var what = CleanWhat(found.Rest);

        if (found.UnsupportedRecurrence)
        {
            return ReminderParse.Fail(
                "I can repeat a reminder every day, every weekday or weekend, on given weekdays, monthly on a day or "
                + "yearly on a date (not hourly or every few days/weeks). For example: every Monday at 8 remind me to water the plants");
        }

        if (found.InvalidTime)
        {
            return ReminderParse.Fail($"I couldn't read that time; try something like 9, 9:30, 9pm or 21:00. For example: {Example}");
        }

        if (found.InvalidDate)
        {
            return ReminderParse.Fail("That date isn't on the calendar. For example: remind me on 12 December at 10 to call mom");
        }

        var hasTime = found.Recurrence is not null || found.Relative is not null || found.Clock is not null
            || found.Part is not null || found.Day is not null;
        if (!hasTime)
        {
            return ReminderParse.Fail(what.Length == 0
                ? $"What should I remind you about, and when? For example: {Example}"
                : $"When should I remind you? For example: {Example}");
        }

        if (what.Length == 0)
        {
            return ReminderParse.Fail($"What should I remind you about? For example: {Example}");
        }

        return found.Recurrence is { } recurrence
            ? BuildRecurring(what, recurrence, found, now, zone)
            : BuildOneOff(what, found, now, zone);
    }

    private static ReminderParse BuildRecurring(string what, Recurrence recurrence, Found found, Instant now, DateTimeZone zone)
    {
        var (time, _) = TimeOfDay(found.Clock, found.Part ?? recurrence.Part, new LocalTime(9, 0));
        var at = $"{time.Minute} {time.Hour}";
        var cron = recurrence.Kind switch
        {
            RecurrenceKind.Daily => $"{at} * * *",
            RecurrenceKind.Weekdays => $"{at} * * 1-5",
            RecurrenceKind.Weekend => $"{at} * * 0,6",
            RecurrenceKind.Days => $"{at} * * {string.Join(',', recurrence.CronDays)}",
            RecurrenceKind.Monthly => $"{at} {recurrence.DayOfMonth} * *",
            _ => $"{at} {recurrence.DayOfMonth} {recurrence.Month} *",
        };

        return ReminderRecurrence.Next(cron, now, zone) is { } first
            ? ReminderParse.Ok(new ReminderRequest(what, first, cron, ReminderRecurrence.Describe(cron)))
            : ReminderParse.Fail("That date never comes round. For example: every month on the 1st at 10 remind me to call mom");
    }

    private static ReminderParse BuildOneOff(string what, Found found, Instant now, DateTimeZone zone)
    {
        var local = now.InZone(zone).LocalDateTime;
        var today = local.Date;

        if (found.Relative is { Span: { } span } elapsed)
        {
            var due = now + span;
            return ReminderParse.Ok(new ReminderRequest(what, due, null, $"in {elapsed.Label} ({ShortWhen(due, zone, today)})"));
        }

        if (found.Day is { Kind: DayKind.Offset, Number: 0 } && found.Clock is null && found.Part is null)
        {
            return ReminderParse.Fail("What time today? For example: remind me today at 15:00 to call mom");
        }

        if (found.Relative is { } days)
        {
            var (dayTime, _) = TimeOfDay(found.Clock, found.Part, local.TimeOfDay);
            var due = Resolve(today.PlusDays(days.Days).At(dayTime), zone);
            var dueLocal = due.InZone(zone).LocalDateTime;
            return Future(what, due, now, $"in {days.Label} ({FormatDay(dueLocal.Date, today)} at {FormatClock(dueLocal)})", zone, today);
        }

        var (time, endOfDay) = TimeOfDay(found.Clock, found.Part, new LocalTime(9, 0));
        Instant? first = null;
        foreach (var date in CandidateDates(found, today))
        {
            var due = Resolve((endOfDay ? date.PlusDays(1) : date).At(time), zone);
            first ??= due;
            if (due > now)
            {
                return ReminderParse.Ok(new ReminderRequest(what, due, null, Describe(due, zone, today)));
            }
        }

        return first is { } past
            ? Future(what, past, now, Describe(past, zone, today), zone, today)
            : ReminderParse.Fail("That date isn't on the calendar. For example: remind me on 12 December at 10 to call mom");
    }

    private static ReminderParse Future(string what, Instant due, Instant now, string when, DateTimeZone zone, LocalDate today) =>
        due > now
            ? ReminderParse.Ok(new ReminderRequest(what, due, null, when))
            : ReminderParse.Fail($"That's already in the past ({Describe(due, zone, today)}); pick a time still ahead. For example: {Example}");

    /// <summary>Days to try in order; the first whose time is still ahead wins (only flexible phrases offer two).</summary>
    private static IEnumerable<LocalDate> CandidateDates(Found found, LocalDate today)
    {
        switch (found.Day)
        {
            case { Kind: DayKind.Offset, Number: var offset }:
                yield return today.PlusDays(offset);
                break;
            case { Kind: DayKind.Fixed, Date: var date }:
                yield return date;
                break;
            case { Kind: DayKind.Weekday, DayOfWeek: var dow }:
                if (today.DayOfWeek == dow)
                {
                    yield return today;
                }

                yield return today.Next(dow);
                break;
            case { Kind: DayKind.NextWeekday, DayOfWeek: var dow }:
                yield return today.Next(dow);
                break;
            case { Kind: DayKind.DayOfMonth, Number: var dom }:
                // The first date from today on that has this day ("the 31st" skips the short months).
                for (var month = today.With(DateAdjusters.StartOfMonth); month < today.PlusMonths(13); month = month.PlusMonths(1))
                {
                    if (dom <= month.Calendar.GetDaysInMonth(month.Year, month.Month) && month.PlusDays(dom - 1) is var candidate && candidate >= today)
                    {
                        yield return candidate;
                        yield break;
                    }
                }

                break;
            case { Kind: DayKind.AnnualDate, Month: var month, Number: var day }:
                // A date without a year is the first one from today on; 29 Feb waits for a leap year.
                for (var year = today.Year; year <= today.Year + 8; year++)
                {
                    if (LocalTimes.TryCreateDate(year, month, day) is { } candidate && candidate >= today)
                    {
                        yield return candidate;
                        yield break;
                    }
                }

                break;
            default:
                if (found.PartToday)
                {
                    yield return today;
                }
                else
                {
                    yield return today;
                    yield return today.PlusDays(1);
                }

                break;
        }
    }

    private static (LocalTime Time, bool EndOfDay) TimeOfDay(Clock? clock, Part? part, LocalTime fallback)
    {
        if (clock is { Midnight: true })
        {
            return (LocalTime.Midnight, true);
        }

        if (clock is { Noon: true })
        {
            return (LocalTime.Noon, false);
        }

        // "tonight at 12" is the coming midnight, not noon.
        if (clock is { AmPm: null, LeadingZero: false, Hour: 12, Minute: 0 } && part is Part.Night)
        {
            return (LocalTime.Midnight, true);
        }

        if (clock is { } c)
        {
            var hour = c.Hour;
            if (c.AmPm is 'a')
            {
                hour %= 12;
            }
            else if (c.AmPm is 'p')
            {
                hour = (hour % 12) + 12;
            }
            else if (!c.LeadingZero && hour is >= 1 and <= 11)
            {
                if (part is Part.Afternoon or Part.Evening or Part.Night || (part is null && hour <= 6))
                {
                    hour += 12;
                }
            }

            return (new LocalTime(hour, c.Minute), false);
        }

        return part switch
        {
            Part.Morning => (new LocalTime(9, 0), false),
            Part.Afternoon => (new LocalTime(15, 0), false),
            Part.Evening => (new LocalTime(19, 0), false),
            Part.Night => (new LocalTime(20, 0), false),
            _ => (fallback, false),
        };
    }

    /// <summary>
    /// Lenient: a local time in a spring-forward gap moves forward by the gap, an ambiguous one takes the earlier
    /// instant, so a reminder is never dropped and never sent twice.
    /// </summary>
    private static Instant Resolve(LocalDateTime local, DateTimeZone zone) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();

    private static string Describe(Instant due, DateTimeZone zone, LocalDate today)
    {
        var local = due.InZone(zone).LocalDateTime;
        return local.Date == today ? $"today at {FormatClock(local)}"
            : local.Date == today.PlusDays(1) ? $"tomorrow ({ShortDate(local.Date)}) at {FormatClock(local)}"
            : $"on {FormatDay(local.Date, today)} at {FormatClock(local)}";
    }

    // "14:05", "tomorrow 04:05" or "Fri 4 Dec 10:05": the clock time of a delay, with the day once it is not today.
    private static string ShortWhen(Instant due, DateTimeZone zone, LocalDate today)
    {
        var local = due.InZone(zone).LocalDateTime;
        return local.Date == today ? FormatClock(local)
            : local.Date == today.PlusDays(1) ? $"tomorrow {FormatClock(local)}"
            : $"{FormatDay(local.Date, today)} {FormatClock(local)}";
    }

    private static string FormatClock(LocalDateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string ShortDate(LocalDate date) => date.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    private static string FormatDay(LocalDate date, LocalDate today) =>
        date.ToString(date.Year == today.Year ? "ddd d MMM" : "ddd d MMM yyyy", CultureInfo.InvariantCulture);

    private static bool IsOnlyTime(string lead)
    {
        var found = Extract(lead);
        var hasTime = found.Recurrence is not null || found.Relative is not null || found.Clock is not null
            || found.Part is not null || found.Day is not null || found.UnsupportedRecurrence;
        return hasTime && PoliteWordsRegex().Replace(CleanWhat(found.Rest), string.Empty).Trim().Length == 0;
    }

    private static string Normalise(string message)
    {
        var text = message.Trim().Replace('\u2019', '\'').Replace('\u2018', '\'');
        text = TrailingNoiseRegex().Replace(text, string.Empty);
        text = TrailingPoliteRegex().Replace(text, string.Empty);
        text = TrailingNoiseRegex().Replace(text, string.Empty);
        return LeadingPoliteRegex().Replace(text, string.Empty);
    }

    private static string CleanWhat(string rest)
    {
        var result = WhitespaceRegex().Replace(rest, " ").Trim();
        result = SpaceBeforePunctuationRegex().Replace(result, "$1");
        result = RepeatedSeparatorRegex().Replace(result, ",");
        result = LeadingSeparatorRegex().Replace(result, string.Empty);
        result = LeadingConnectorRegex().Replace(result, string.Empty);
        result = LeadingSeparatorRegex().Replace(result, string.Empty);
        return TrailingSeparatorRegex().Replace(result, string.Empty).Trim();
    }

    /// <summary>Takes the time phrases out of <paramref name="text"/> one kind at a time; what is left is the task.</summary>
    private static Found Extract(string text)
    {
        var found = new Found { Rest = text };

        if (RecurrenceRegex().Match(found.Rest) is { Success: true } recurrence)
        {
            found.Rest = Cut(found.Rest, recurrence);
            ReadRecurrence(recurrence, found);
        }
        else if (UnsupportedRecurrenceRegex().Match(found.Rest) is { Success: true } unsupported)
        {
            found.Rest = Cut(found.Rest, unsupported);
            found.UnsupportedRecurrence = true;
        }

        if (found.Recurrence is null && RelativeRegex().Match(found.Rest) is { Success: true } relative)
        {
            found.Rest = Cut(found.Rest, relative);
            found.Relative = ReadRelative(relative);
        }

        if (ClockRegex().Match(found.Rest) is { Success: true } clock)
        {
            found.Rest = Cut(found.Rest, clock);
            found.Clock = ReadClock(clock, found);
        }

        if (PartOfDayRegex().Match(found.Rest) is { Success: true } part)
        {
            found.Rest = Cut(found.Rest, part);
            found.Part = ParsePart(part.Groups["part"].Success ? part.Groups["part"].Value : "night");
            found.PartToday = part.Groups["this"].Success || part.Groups["tonight"].Success;
        }
        else if (found.Part is null && found.Recurrence?.Part is { } recurringPart)
        {
            found.Part = recurringPart;
        }

        if (found.Recurrence is null && found.Relative is null)
        {
            ExtractDay(found);
        }

        return found;
    }

    private static void ExtractDay(Found found)
    {
        Regex[] rules = [IsoDateRegex(), DayMonthRegex(), MonthDayRegex(), NamedDayRegex(), WeekdayRegex(), DayOfMonthRegex()];
        var match = rules
            .Select(rule => rule.Match(found.Rest))
            .Where(m => m.Success)
            .OrderBy(m => m.Index)
            .ThenByDescending(m => m.Length)
            .FirstOrDefault();
        if (match is null)
        {
            return;
        }

        found.Rest = Cut(found.Rest, match);
        found.Day = ReadDay(match, found);

        if (found.Clock is null && match.Groups["bh"].Success)
        {
            found.Clock = MakeClock(match.Groups["bh"].Value, match.Groups["bm"], null, found);
        }
    }

    private static Day? ReadDay(Match match, Found found)
    {
        var groups = match.Groups;
        if (groups["isoyear"].Success)
        {
            return FixedDay(ParseInt(groups["isoyear"].Value), ParseInt(groups["isomonth"].Value), ParseInt(groups["isoday"].Value), found);
        }

        if (groups["month"].Success)
        {
            var month = ParseMonth(groups["month"].Value);
            var day = ParseInt(groups["day"].Value);
            if (groups["year"].Success)
            {
                return FixedDay(ParseInt(groups["year"].Value), month, day, found);
            }

            if (LocalTimes.TryCreateDate(2024, month, day) is null)
            {
                found.InvalidDate = true;
                return null;
            }

            return new Day(DayKind.AnnualDate, Number: day, Month: month);
        }

        if (groups["dow"].Success)
        {
            var dow = ParseDayOfWeek(groups["dow"].Value);
            return new Day(groups["next"].Success ? DayKind.NextWeekday : DayKind.Weekday, DayOfWeek: dow);
        }

        if (groups["dom"].Success)
        {
            var dom = ParseInt(groups["dom"].Value);
            if (dom is < 1 or > 31)
            {
                found.InvalidDate = true;
                return null;
            }

            return new Day(DayKind.DayOfMonth, Number: dom);
        }

        // Named days are counted from "today", which only the caller knows.
        var offset = groups["dayafter"].Success ? 2 : groups["tomorrow"].Success ? 1 : 0;
        return new Day(DayKind.Offset, Number: offset);
    }

    private static Day? FixedDay(int year, int month, int day, Found found)
    {
        if (LocalTimes.TryCreateDate(year, month, day) is { } date)
        {
            return new Day(DayKind.Fixed, Date: date);
        }

        found.InvalidDate = true;
        return null;
    }

    private static void ReadRecurrence(Match match, Found found)
    {
        var groups = match.Groups;
        Part? part = groups["part"].Success ? ParsePart(groups["part"].Value) : null;

        if (groups["daily"].Success)
        {
            found.Recurrence = new Recurrence(RecurrenceKind.Daily, [], 0, 0, part);
        }
        else if (groups["weekdays"].Success)
        {
            found.Recurrence = new Recurrence(RecurrenceKind.Weekdays, [], 0, 0, part);
        }
        else if (groups["weekend"].Success)
        {
            found.Recurrence = new Recurrence(RecurrenceKind.Weekend, [], 0, 0, part);
        }
        else if (groups["dows"].Success)
        {
            // Cron numbers Sunday 0.
            var days = DowWordRegex().Matches(groups["dows"].Value)
                .Select(m => (int)ParseDayOfWeek(m.Value) % 7)
                .Distinct()
                .Order()
                .ToArray();
            found.Recurrence = new Recurrence(RecurrenceKind.Days, days, 0, 0, part);
        }
        else if (groups["month"].Success)
        {
            var month = ParseMonth(groups["month"].Value);
            var day = ParseInt(groups["day"].Value);
            if (LocalTimes.TryCreateDate(2024, month, day) is null)
            {
                found.InvalidDate = true;
                return;
            }

            found.Recurrence = new Recurrence(RecurrenceKind.Yearly, [], day, month, part);
        }
        else
        {
            var dom = ParseInt(groups["dom"].Value);
            if (dom is < 1 or > 31)
            {
                found.InvalidDate = true;
                return;
            }

            found.Recurrence = new Recurrence(RecurrenceKind.Monthly, [], dom, 0, part);
        }
    }

    private static Relative? ReadRelative(Match match)
    {
        if (match.Groups["half"].Success)
        {
            return new Relative(Duration.FromMinutes(30), 0, "30 minutes");
        }

        var number = ParseAmount(match.Groups["n"].Value);
        if (match.Groups["andhalf"].Success)
        {
            number += 0.5m;
        }

        var unit = char.ToLowerInvariant(match.Groups["unit"].Value[0]);
        if (unit is 'd' or 'w' && decimal.Truncate(number) == number)
        {
            var count = (int)number;
            var days = unit == 'w' ? count * 7 : count;
            var label = unit == 'w' ? Plural(count, "week") : Plural(count, "day");
            return days < 1 ? null : new Relative(null, days, label);
        }

        var minutes = unit switch
        {
            'm' => number,
            'h' => number * 60,
            'd' => number * 60 * 24,
            _ => number * 60 * 24 * 7,
        };
        if (match.Groups["n2"].Success && unit == 'h')
        {
            minutes += ParseInt(match.Groups["n2"].Value);
        }

        var whole = (long)decimal.Round(minutes);
        return whole < 1 ? null : new Relative(Duration.FromMinutes(whole), 0, DescribeMinutes(whole));
    }

    private static string DescribeMinutes(long minutes)
    {
        var (hours, rest) = (minutes / 60, minutes % 60);
        return hours == 0 ? Plural(rest, "minute")
            : rest == 0 ? Plural(hours, "hour")
            : $"{Plural(hours, "hour")} {Plural(rest, "minute")}";
    }

    private static string Plural(long count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");

    private static Clock? ReadClock(Match match, Found found) =>
        match.Groups["noon"].Success ? new Clock(12, 0, null, false, Noon: true, Midnight: false)
        : match.Groups["midnight"].Success ? new Clock(0, 0, null, false, Noon: false, Midnight: true)
        : MakeClock(match.Groups["h"].Value, match.Groups["m"], match.Groups["ampm"].Success ? char.ToLowerInvariant(match.Groups["ampm"].Value[0]) : null, found);

    private static Clock? MakeClock(string hourText, Group minuteGroup, char? amPm, Found found)
    {
        var hour = ParseInt(hourText);
        var minute = minuteGroup.Success ? ParseInt(minuteGroup.Value) : 0;
        var valid = minute <= 59 && (amPm is null ? hour <= 23 : hour is >= 1 and <= 12);
        if (!valid)
        {
            found.InvalidTime = true;
            return null;
        }

        return new Clock(hour, minute, amPm, hourText.Length == 2 && hourText[0] == '0', Noon: false, Midnight: false);
    }

    private static string Cut(string text, Match match) =>
        string.Concat(text.AsSpan(0, match.Index), " ", text.AsSpan(match.Index + match.Length));

    private static Part ParsePart(string value) => value.ToLowerInvariant() switch
    {
        "morning" => Part.Morning,
        "afternoon" => Part.Afternoon,
        "evening" => Part.Evening,
        _ => Part.Night,
    };

    private static IsoDayOfWeek ParseDayOfWeek(string value) =>
        (IsoDayOfWeek)(Array.FindIndex(_dowPrefixes, p => value.StartsWith(p, StringComparison.OrdinalIgnoreCase)) + 1);

    private static int ParseMonth(string value) =>
        Array.FindIndex(_monthPrefixes, p => value.StartsWith(p, StringComparison.OrdinalIgnoreCase)) + 1;

    private static decimal ParseAmount(string value)
    {
        var word = WhitespaceRegex().Replace(value.Trim().ToLowerInvariant(), " ");
        if (word is "a" or "an")
        {
            return 1;
        }

        if (word.StartsWith("a couple", StringComparison.Ordinal))
        {
            return 2;
        }

        if (word == "a few")
        {
            return 3;
        }

        var index = Array.IndexOf(_numberWords, word);
        return index >= 0
            ? index + 1
            : decimal.Parse(word.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    // The regexes only let short runs of ASCII digits through, so this cannot fail or overflow.
    private static int ParseInt(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    // ---- Entry points -------------------------------------------------------------------------------------------

    [GeneratedRegex(@"^/remind(?:me)?\b(?<rest>.*)$", WholeOptions)]
    private static partial Regex SlashRegex();

    [GeneratedRegex(@"^remind\s+me\b(?<rest>.*)$", WholeOptions)]
    private static partial Regex RemindMeRegex();

    [GeneratedRegex(@"^(?:(?:set|create|add|make|schedule)\s+(?:me\s+|up\s+)?(?:a\s+|an\s+)?(?:new\s+)?|new\s+)reminder\b(?<rest>.*)$", WholeOptions)]
    private static partial Regex SetReminderRegex();

    [GeneratedRegex(@"^reminder\s*[:\-\u2013\u2014]\s*(?<rest>.*)$", WholeOptions)]
    private static partial Regex NoteReminderRegex();

    [GeneratedRegex(@"^(?<lead>(?!remind\b).+?)[\s,;:\-\u2013\u2014]+(?:(?:please|pls|plz)\s+)?remind\s+me\b(?<rest>.*)$", WholeOptions)]
    private static partial Regex LeadingTimeRegex();

    // "remind me what I planned for dinner" asks to recall a memory, it does not schedule anything.
    [GeneratedRegex(@"^[\s,:]*(?:what|where|who|whom|whose|when|which|how|why|whether|if|of)\b", Options)]
    private static partial Regex RecallRegex();

    [GeneratedRegex(@"^(?:(?:hey|hi|hello|ok|okay|so|please|pls|plz|kindly|(?:can|could|would|will)\s+(?:you|u)(?:\s+please)?|i\s+(?:want|need)\s+you\s+to)\b[\s,]*)+", Options)]
    private static partial Regex LeadingPoliteRegex();

    // "thanks" only after punctuation, so "remind me at 5 to say thanks" keeps its task.
    [GeneratedRegex(@"(?:[\s,]+(?:please|pls|plz)|\s*[,.!;]\s*(?:thanks|thank\s+you|thx|ty|cheers))+$", Options)]
    private static partial Regex TrailingPoliteRegex();

    [GeneratedRegex(@"\b(?:please|pls|plz|and|then)\b", Options)]
    private static partial Regex PoliteWordsRegex();

    // Sentence punctuation and emoji (symbols, surrogate pairs, joiners, variation selectors) at the end.
    [GeneratedRegex(@"[\s.!?,;:\u2026~\-\u2013\u2014\p{So}\p{Sk}\p{Cs}\p{Cf}\p{Mn}]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNoiseRegex();

    // ---- Time phrases -------------------------------------------------------------------------------------------

    [GeneratedRegex(
        @"\b(?:"
        + @"(?:every\s+(?:single\s+)?day|each\s+day|daily|everyday)(?<daily>)" + PartSuffix
        + @"|(?:every|each)\s+(?<daily>)(?<part>morning|afternoon|evening|night)\b"
        + @"|(?:every|each|on)\s+(?<weekdays>week\s*days?|working\s+days?|work\s*days?|business\s+days?)\b" + PartSuffix
        + @"|(?:every|each|on)\s+(?:the\s+)?(?<weekend>weekends?)\b" + PartSuffix
        + @"|(?:every|each)(?:\s+week)?\s+(?:on\s+)?(?<dows>" + DowList + ")" + PartSuffix
        + @"|weekly\s+on\s+(?<dows>" + DowList + ")" + PartSuffix
        + @"|on\s+(?<dows>(?:" + DowFull + @")s\b(?:" + DowSeparator + DowWord + ")*)" + PartSuffix
        + @"|(?:every|each)\s+year\s+on\s+(?:the\s+)?" + AnnualDate
        + @"|(?:yearly|annually)\s+on\s+(?:the\s+)?" + AnnualDate
        + @"|(?:on\s+)?(?:the\s+)?" + AnnualDate + @"\s+(?:every|each)\s+year\b"
        + @"|(?:every|each)\s+(?:the\s+)?" + AnnualDate
        + @"|(?:every|each)\s+month\s+on\s+(?:the\s+)?" + Dom + Ordinal + @"?\b"
        + @"|monthly\s+on\s+(?:the\s+)?" + Dom + Ordinal + @"?\b"
        + @"|(?:on\s+)?(?:the\s+)?" + Dom + Ordinal + @"?\s+(?:day\s+)?(?:of\s+)?(?:every|each)\s+month\b"
        + @"|(?:every|each)\s+(?:the\s+)?" + Dom + Ordinal + @"(?:\s+day)?\s+of\s+the\s+month\b"
        + @"|(?:every|each)\s+(?:the\s+)?" + Dom + Ordinal + @"\b(?!\s+(?:days?|weeks?|months?|years?|hours?|minutes?|times?|" + DowFull + "|" + DowShort + @")s?\b)"
        + ")",
        Options)]
    private static partial Regex RecurrenceRegex();

    [GeneratedRegex(
        @"\b(?:every|each)\s+(?:other|second|third|fourth|alternate|few|couple(?:\s+of)?|\d+(?:st|nd|rd|th)?)"
        + @"(?:\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|years?|(?:" + DowFull + "|" + DowShort + @")s?))?\b"
        + @"|\b(?:every|each)\s+(?:single\s+)?(?:seconds?|minutes?|mins?|hours?|hrs?|weeks?|fortnights?|months?|years?|quarters?)\b"
        + @"|\b(?:hourly|weekly|monthly|yearly|annually|fortnightly|biweekly)\b",
        Options)]
    private static partial Regex UnsupportedRecurrenceRegex();

    [GeneratedRegex(
        @"\b(?:in|after)\s+(?:"
        + @"(?<half>half\s+an?\s+hour)"
        + @"|(?<n>\d{1,4}(?:[.,]\d{1,2})?|an?|a\s+couple(?:\s+of)?|a\s+few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
        + @"\s*(?<unit>minutes?|mins?|m|hours?|hrs?|h|days?|weeks?)\b"
        + @"(?:(?<andhalf>\s+and\s+a\s+half)|\s*(?:and\s+)?(?<n2>\d{1,2})\s*(?:minutes?|mins?|m)\b)?"
        + ")",
        Options)]
    private static partial Regex RelativeRegex();

    [GeneratedRegex(
        @"(?:\b(?:at|by|around|for|from|until|till)\s+|@\s*)?(?:"
        + @"\b(?<h>\d{1,2})(?:[:.](?<m>\d{2}))?\s*(?<ampm>[ap])\.?m\b\.?"
        + @"|\b(?<h>\d{1,2}):(?<m>\d{2})\b"
        + @"|\b(?<h>\d{1,2})\s*o'?clock\b"
        + @"|\b(?<noon>noon|midday)\b"
        + @"|\b(?<midnight>midnight)\b"
        + @"|(?<=(?:\bat|\baround|\bby|@)\s*)\b(?<h>\d{1,2})(?:\.(?<m>\d{2}))?\b(?![.:]\d|\s*(?:%|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b)"
        + ")",
        Options)]
    private static partial Regex ClockRegex();

    // "tomorrow morning" leaves "tomorrow" for the day rules; the look-behind only checks it is there.
    [GeneratedRegex(
        @"\b(?:(?<this>this)\s+(?<part>morning|afternoon|evening|night)"
        + @"|(?<tonight>tonight|tonite)"
        + @"|in\s+the\s+(?<part>morning|afternoon|evening)"
        + @"|at\s+(?<part>night)"
        + @"|(?<=\b(?:tomorrow|tmrw|tmr|today|" + DowFull + @")\s+)(?<part>morning|afternoon|evening|night))\b",
        Options)]
    private static partial Regex PartOfDayRegex();

    [GeneratedRegex(DayLead + @"\b(?<isoyear>\d{4})([-/])(?<isomonth>\d{1,2})\1(?<isoday>\d{1,2})\b" + BareHour, Options)]
    private static partial Regex IsoDateRegex();

    [GeneratedRegex(DayLead + @"\b" + WeekdayPrefix + @"(?:the\s+)?" + DayMonth + YearSuffix + BareHour, Options)]
    private static partial Regex DayMonthRegex();

    [GeneratedRegex(DayLead + @"\b" + WeekdayPrefix + MonthDay + YearSuffix + BareHour, Options)]
    private static partial Regex MonthDayRegex();

    [GeneratedRegex(
        DayLead + @"\b(?:(?:the\s+)?day\s+after\s+(?<dayafter>tomorrow|tmrw)|(?<tomorrow>tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow)|(?:later\s+)?(?<today>today))\b" + BareHour,
        Options)]
    private static partial Regex NamedDayRegex();

    [GeneratedRegex(
        DayLead + @"\b(?:(?<this>this)\s+|(?<next>next)\s+|(?:this\s+)?coming\s+)?"
        + @"(?:(?<dow>" + DowFull + @")\b(?!')|(?<=\b(?:on|next|this|coming)\s+)(?<dow>" + DowShort + @")\b\.?" + ShortDowFollower + ")" + BareHour,
        Options)]
    private static partial Regex WeekdayRegex();

    [GeneratedRegex(DayLead + @"\b" + WeekdayPrefix + @"the\s+" + Dom + Ordinal + @"\b" + BareHour, Options)]
    private static partial Regex DayOfMonthRegex();

    [GeneratedRegex(@"\b(?:" + DowFull + "|" + DowShort + @")s?\b", Options)]
    private static partial Regex DowWordRegex();

    // ---- Cleaning what is left ----------------------------------------------------------------------------------

    [GeneratedRegex(@"^(?:to|that|about|re|regarding)\b\s*", Options)]
    private static partial Regex LeadingConnectorRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"\s+([?!.,;:])")]
    private static partial Regex SpaceBeforePunctuationRegex();

    [GeneratedRegex(@"([,;:])(?:\s*[,;:])+")]
    private static partial Regex RepeatedSeparatorRegex();

    [GeneratedRegex(@"^(?:[,;:.\-\u2013\u2014]+\s*)+")]
    private static partial Regex LeadingSeparatorRegex();

    [GeneratedRegex(@"(?:\s*[,;:\-\u2013\u2014]+)+\s*$")]
    private static partial Regex TrailingSeparatorRegex();

    private sealed class Found
    {
        public string Rest { get; set; } = string.Empty;

        public Recurrence? Recurrence { get; set; }

        public bool UnsupportedRecurrence { get; set; }

        public Relative? Relative { get; set; }

        public Clock? Clock { get; set; }

        public Part? Part { get; set; }

        /// <summary>"this evening", "tonight": the part of the day is today's, not the next one.</summary>
        public bool PartToday { get; set; }

        public Day? Day { get; set; }

        public bool InvalidTime { get; set; }

        public bool InvalidDate { get; set; }
    }

    private sealed record Recurrence(RecurrenceKind Kind, int[] CronDays, int DayOfMonth, int Month, Part? Part);

    /// <summary>Either elapsed time (<paramref name="Span"/>) or whole days at the same local time.</summary>
    private sealed record Relative(Duration? Span, int Days, string Label);

    private sealed record Clock(int Hour, int Minute, char? AmPm, bool LeadingZero, bool Noon, bool Midnight);

    /// <summary>Offset: days after today; DayOfMonth/AnnualDate: <paramref name="Number"/> is the day of the month.</summary>
    private sealed record Day(DayKind Kind, LocalDate Date = default, IsoDayOfWeek DayOfWeek = default, int Number = 0, int Month = 0);
}
