using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

using MemoryAssistant.Application.Common.Text;

namespace MemoryAssistant.Application.Common.Time;

/// <summary>
/// Finds an English time phrase ("last week", "yesterday", "17 Nov", "last 3 days") in a user's message and turns
/// it into a half-open interval of instants computed in the user's own time zone.
/// </summary>
/// <remarks>
/// <para>
/// Every boundary is a local start of day from <see cref="DateTimeZone.AtStartOfDay"/>, so DST days are 23 h or
/// 25 h long and days whose midnight is skipped (America/Santiago, Asia/Beirut, ...) start at their first valid
/// instant. Weeks are ISO weeks, Monday to Monday.
/// </para>
/// <para>
/// Semantics worth knowing:
/// "last/past N days|weeks|months|years" is a rolling window that INCLUDES today, ending at the start of tomorrow,
/// because people asking for "the last 3 days" expect today's notes to be among them. "past week" (no number) is
/// the same as "past 1 week". "last week" / "last month" / "last year" (no number) are calendar periods.
/// "N days ago" is that single day; "N weeks/months/years ago" is the calendar week/month/year containing that day.
/// A bare or "last"-qualified weekday is the most recent such day strictly before today; "this monday" is the
/// Monday of the current week; "next friday" is the first Friday after today and "next week/month/year" the
/// following calendar period. A date without a year is the most recent such date that is not in the future.
/// </para>
/// <para>
/// When a message contains several phrases the leftmost wins, and of phrases starting at the same place the longest
/// ("last friday" over "friday", "17 Nov 2025" over "17 Nov"). A phrase that names no real day (31 Feb, or a day the
/// zone skipped entirely) is ignored rather than thrown on.
/// </para>
/// </remarks>
public static partial class TimePhraseParser
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const string NumberPattern = @"\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten";
    private const string UnitPattern = "(?<unit>day|week|month|year)s?";
    private const string PartOfDayPattern = @"(?:\s+(?:morning|afternoon|evening|night))?";
    private const string WeekdayPattern = "(?<dow>monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    private const string FullMonthPattern =
        "january|february|march|april|may|june|july|august|september|october|november|december";

    // Longest alternatives first so "sept" is not cut to "sep"; the trailing \b in the rules enforces whole words.
    private const string MonthPattern = "(?<month>" + FullMonthPattern + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private const string OrdinalPattern = "(?:st|nd|rd|th)?";

    // "Tue 17 Nov": a weekday in front of a date is swallowed into the phrase; the date decides, not the weekday.
    private const string DatePrefixPattern =
        @"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+)?";
    private const string YearSuffixPattern = @"(?:\.?,?\s+(?<year>\d{4})\b|\s+(?:(?<thisyear>this)|(?<lastyear>last))\s+year\b)?";

    // Keeps "last 9999 years" far from NodaTime's supported date range instead of overflowing.
    private const int MaxCount = 1000;

    private static readonly string[] _numberWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    private static readonly string[] _monthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly LocalDatePattern _shortDate = LocalDatePattern.Create("ddd d MMM", CultureInfo.InvariantCulture);
    private static readonly LocalDatePattern _shortDateWithYear = LocalDatePattern.Create("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    private static readonly Rule[] _rules =
    [
        new(TodayRegex(), (_, today) => Day(today, "today")),
        new(YesterdayRegex(), (_, today) => Day(today.PlusDays(-1), "yesterday")),
        new(DayBeforeYesterdayRegex(), (_, today) => Day(today.PlusDays(-2), "the day before yesterday")),
        new(TomorrowRegex(), (_, today) => Day(today.PlusDays(1), "tomorrow")),
        new(CalendarPeriodRegex(), ResolveCalendarPeriod),
        new(WeekBeforeLastRegex(), (_, today) => Calendar(Unit.Week, today.PlusWeeks(-2), "the week before last")),
        new(RollingRegex(), ResolveRolling),
        new(AgoRegex(), ResolveAgo),
        new(WeekendRegex(), ResolveWeekend),
        new(WeekdayRegex(), ResolveWeekday),
        new(IsoDateRegex(), ResolveIsoDate),
        new(DayMonthRegex(), ResolveNamedMonthDate),
        new(MonthDayRegex(), ResolveNamedMonthDate),
        new(MonthRegex(), ResolveMonth),
    ];

    private enum Unit
    {
        Day,
        Week,
        Month,
        Year,
    }

    /// <summary>
    /// Finds the time phrase in <paramref name="text"/> and resolves it relative to <paramref name="now"/> in
    /// <paramref name="zone"/>. Returns <see langword="null"/> when the text contains no (valid) time phrase.
    /// </summary>
    public static TimePhrase? Parse(string text, Instant now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);

        var today = now.InZone(zone).Date;

        var candidates = _rules
            .SelectMany(rule => rule.Regex.Matches(text).Select(match => (Rule: rule, Match: match)))
            .OrderBy(c => c.Match.Index)
            .ThenByDescending(c => c.Match.Length);

        // A rejected phrase ("31 February 2026") must not be reread through a fragment of it ("February 2026").
        var rejected = new List<Match>();
        foreach (var (rule, match) in candidates)
        {
            if (rejected.Exists(r => Overlaps(r, match)))
            {
                continue;
            }

            if (rule.Resolve(match, today) is { } range && ToInterval(range, zone) is { } interval)
            {
                return new TimePhrase(interval, match.Value, Describe(range, today), RemoveMatch(text, match));
            }

            rejected.Add(match);
        }

        return null;
    }

    private static bool Overlaps(Match a, Match b) => a.Index < b.Index + b.Length && b.Index < a.Index + a.Length;

    private static TimeInterval? ToInterval(LocalRange range, DateTimeZone zone)
    {
        var start = StartOfDay(range.From, zone);
        var end = StartOfDay(range.ToExclusive, zone);

        // Only empty when every day in the range was skipped by the zone (Pacific/Apia lost 30 Dec 2011).
        return start < end ? new TimeInterval(start, end) : null;
    }

    private static Instant StartOfDay(LocalDate date, DateTimeZone zone)
    {
        // AtStartOfDay copes with a skipped midnight but throws when the whole day is missing; such a day has no
        // instants of its own, so it starts (and ends) where the next existing day starts.
        while (true)
        {
            try
            {
                return zone.AtStartOfDay(date).ToInstant();
            }
            catch (SkippedTimeException)
            {
                date = date.PlusDays(1);
            }
        }
    }

    private static string Describe(LocalRange range, LocalDate today)
    {
        var last = range.ToExclusive.PlusDays(-1);
        var pattern = range.From.Year == today.Year && last.Year == today.Year ? _shortDate : _shortDateWithYear;
        var dates = range.From == last
            ? pattern.Format(range.From)
            : $"{pattern.Format(range.From)} \u2013 {pattern.Format(last)}";
        return $"{range.Label} ({dates})";
    }

    private static string RemoveMatch(string text, Match match)
    {
        var before = LeadInRegex().Replace(text[..match.Index], string.Empty);
        var after = PossessiveRegex().Replace(text[(match.Index + match.Length)..], string.Empty);

        return PhraseText.Tidy($"{before} {after}");
    }

    private static LocalRange? ResolveCalendarPeriod(Match match, LocalDate today)
    {
        var unit = ParseUnit(match);
        var (offset, qualifier) = match.Groups["cur"].Success ? (0, "this")
            : match.Groups["next"].Success ? (1, "next")
            : (-1, "last");
        return Calendar(unit, Add(today, unit, offset), $"{qualifier} {UnitName(unit)}");
    }

    private static LocalRange? ResolveRolling(Match match, LocalDate today)
    {
        var unit = ParseUnit(match);
        var number = match.Groups["n"];
        var count = number.Success ? ParseNumber(number.Value) : 1;
        if (count is < 1 or > MaxCount)
        {
            return null;
        }

        var tomorrow = today.PlusDays(1);
        var label = number.Success
            ? $"last {count} {UnitName(unit)}{(count == 1 ? string.Empty : "s")}"
            : $"past {UnitName(unit)}";
        return new LocalRange(Add(tomorrow, unit, -count), tomorrow, label);
    }

    private static LocalRange? ResolveAgo(Match match, LocalDate today)
    {
        var unit = ParseUnit(match);
        var count = ParseNumber(match.Groups["n"].Value);
        if (count is < 0 or > MaxCount)
        {
            return null;
        }

        var label = count == 1
            ? $"a {UnitName(unit)} ago"
            : $"{count} {UnitName(unit)}s ago";
        return Calendar(unit, Add(today, unit, -count), label);
    }

    private static LocalRange? ResolveWeekend(Match match, LocalDate today)
    {
        var thisSaturday = StartOf(Unit.Week, today).PlusDays(5);
        var isCurrent = match.Groups["cur"].Success
            || (!match.Groups["prev"].Success && today >= thisSaturday);
        var saturday = isCurrent ? thisSaturday : thisSaturday.PlusWeeks(-1);
        var label = match.Groups["cur"].Success ? "this weekend"
            : match.Groups["prev"].Success ? "last weekend"
            : "the weekend";
        return new LocalRange(saturday, saturday.PlusDays(2), label);
    }

    private static LocalRange? ResolveWeekday(Match match, LocalDate today)
    {
        var dayOfWeek = Enum.Parse<IsoDayOfWeek>(match.Groups["dow"].Value, ignoreCase: true);
        if (match.Groups["cur"].Success)
        {
            return Day(StartOf(Unit.Week, today).PlusDays((int)dayOfWeek - 1), $"this {dayOfWeek}");
        }

        // Reminders look ahead: "next friday" is the first Friday after today.
        if (match.Groups["next"].Success)
        {
            return Day(today.Next(dayOfWeek), $"next {dayOfWeek}");
        }

        // Memories are in the past, so "monday" on a Monday means a week ago, not today.
        var label = match.Groups["prev"].Success ? $"last {dayOfWeek}" : dayOfWeek.ToString();
        return Day(today.Previous(dayOfWeek), label);
    }

    private static LocalRange? ResolveIsoDate(Match match, LocalDate today)
    {
        var date = LocalTimes.TryCreateDate(
            ParseInt(match.Groups["year"].Value),
            ParseInt(match.Groups["month"].Value),
            ParseInt(match.Groups["day"].Value));
        return date is { } d ? Day(d, Collapse(match.Value)) : null;
    }

    private static LocalRange? ResolveNamedMonthDate(Match match, LocalDate today)
    {
        var month = ParseMonth(match.Groups["month"].Value);
        var day = ParseInt(match.Groups["day"].Value);
        var label = Collapse(match.Value);

        if (ExplicitYear(match, today) is { } explicitYear)
        {
            return LocalTimes.TryCreateDate(explicitYear, month, day) is { } date ? Day(date, label) : null;
        }

        // Most recent occurrence that is not in the future; up to 8 years back so 29 Feb finds a leap year
        // (1900 and 2100 are not leap years) while 31 Feb still finds nothing.
        for (var year = today.Year; year >= today.Year - 8; year--)
        {
            if (LocalTimes.TryCreateDate(year, month, day) is { } date && date <= today)
            {
                return Day(date, label);
            }
        }

        return null;
    }

    private static LocalRange? ResolveMonth(Match match, LocalDate today)
    {
        // A bare month name must be introduced ("in June", "last June", "June 2025"): "what did June say" is a name.
        if (!match.Groups["cur"].Success && !match.Groups["prev"].Success
            && !match.Groups["prep"].Success && !match.Groups["year"].Success)
        {
            return null;
        }

        var month = ParseMonth(match.Groups["month"].Value);
        int year;
        if (match.Groups["year"].Success)
        {
            year = ParseInt(match.Groups["year"].Value);
        }
        else if (match.Groups["cur"].Success)
        {
            year = today.Year;
        }
        else
        {
            // "last June" in June means a year ago; "in June" in June means this month.
            var includeCurrent = !match.Groups["prev"].Success;
            year = month < today.Month || (includeCurrent && month == today.Month) ? today.Year : today.Year - 1;
        }

        return LocalTimes.TryCreateDate(year, month, 1) is { } first
            ? new LocalRange(first, first.PlusMonths(1), Collapse(match.Value))
            : null;
    }

    private static int? ExplicitYear(Match match, LocalDate today) =>
        match.Groups["year"].Success ? ParseInt(match.Groups["year"].Value)
        : match.Groups["thisyear"].Success ? today.Year
        : match.Groups["lastyear"].Success ? today.Year - 1
        : null;

    private static LocalRange Day(LocalDate date, string label) => new(date, date.PlusDays(1), label);

    private static LocalRange Calendar(Unit unit, LocalDate anchor, string label)
    {
        var start = StartOf(unit, anchor);
        return new LocalRange(start, Add(start, unit, 1), label);
    }

    private static LocalDate StartOf(Unit unit, LocalDate date) => unit switch
    {
        Unit.Day => date,
        Unit.Week => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)),
        Unit.Month => date.With(DateAdjusters.StartOfMonth),
        _ => new LocalDate(date.Year, 1, 1),
    };

    private static LocalDate Add(LocalDate date, Unit unit, int count) => unit switch
    {
        Unit.Day => date.PlusDays(count),
        Unit.Week => date.PlusWeeks(count),
        Unit.Month => date.PlusMonths(count),
        _ => date.PlusYears(count),
    };

    private static string UnitName(Unit unit) => unit switch
    {
        Unit.Day => "day",
        Unit.Week => "week",
        Unit.Month => "month",
        _ => "year",
    };

    private static Unit ParseUnit(Match match) => Enum.Parse<Unit>(match.Groups["unit"].Value, ignoreCase: true);

    private static int ParseMonth(string value) =>
        Array.FindIndex(_monthPrefixes, prefix => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) + 1;

    private static int ParseNumber(string value)
    {
        if (value.Equals("a", StringComparison.OrdinalIgnoreCase) || value.Equals("an", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        var index = Array.FindIndex(_numberWords, word => word.Equals(value, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index + 1 : ParseInt(value);
    }

    // The regexes only let ASCII digits through (at most 4), so this cannot fail or overflow.
    private static int ParseInt(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Collapse(string value) => WhitespaceRegex().Replace(value, " ");

    [GeneratedRegex(@"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today)\b", Options)]
    private static partial Regex TodayRegex();

    [GeneratedRegex(@"\b(?:yesterday" + PartOfDayPattern + @"|last\s+night)\b", Options)]
    private static partial Regex YesterdayRegex();

    [GeneratedRegex(@"\b(?:the\s+)?day\s+before\s+yesterday\b", Options)]
    private static partial Regex DayBeforeYesterdayRegex();

    [GeneratedRegex(@"\btomorrow" + PartOfDayPattern + @"\b", Options)]
    private static partial Regex TomorrowRegex();

    [GeneratedRegex(@"\b(?:(?<cur>this|current)|(?:the\s+)?(?<prev>last|previous|prior)|(?<next>next))\s+(?<unit>week|month|year)\b", Options)]
    private static partial Regex CalendarPeriodRegex();

    [GeneratedRegex(@"\b(?:the\s+)?week\s+before\s+last(?:\s+week)?\b", Options)]
    private static partial Regex WeekBeforeLastRegex();

    [GeneratedRegex(@"\b(?:the\s+)?(?:(?:last|past|previous)\s+(?<n>" + NumberPattern + @")|past)\s+" + UnitPattern + @"\b", Options)]
    private static partial Regex RollingRegex();

    [GeneratedRegex(@"\b(?<n>" + NumberPattern + @"|an?)\s+" + UnitPattern + @"\s+ago\b", Options)]
    private static partial Regex AgoRegex();

    [GeneratedRegex(@"\b(?:(?:(?<cur>this)|(?:this\s+)?(?<prev>last|past|previous))\s+|the\s+)weekend\b", Options)]
    private static partial Regex WeekendRegex();

    [GeneratedRegex(@"\b(?:(?:(?<cur>this)|(?:this\s+)?(?<prev>last|past|previous)|(?<next>next))\s+)?" + WeekdayPattern + @"\b", Options)]
    private static partial Regex WeekdayRegex();

    [GeneratedRegex(@"\b(?<year>\d{4})(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<day>\d{1,2})\b", Options)]
    private static partial Regex IsoDateRegex();

    [GeneratedRegex(@"\b" + DatePrefixPattern + @"(?:the\s+)?(?<day>\d{1,2})" + OrdinalPattern + @"\s+(?:of\s+)?" + MonthPattern + @"\b" + YearSuffixPattern, Options)]
    private static partial Regex DayMonthRegex();

    [GeneratedRegex(@"\b" + DatePrefixPattern + MonthPattern + @"\.?\s+(?:the\s+)?(?<day>\d{1,2})" + OrdinalPattern + @"\b" + YearSuffixPattern, Options)]
    private static partial Regex MonthDayRegex();

    [GeneratedRegex(
        @"\b(?:(?:(?<cur>this)|(?<prev>last|past|previous))\s+|(?<=\b(?<prep>in|during|since|from|for|over|throughout)\s+))?"
        + "(?<month>" + FullMonthPattern + @")\b(?:,?\s+(?<year>\d{4})\b)?",
        Options)]
    private static partial Regex MonthRegex();

    // A preposition (and/or "the") directly before the phrase only introduced it: "notes from the last 3 days".
    [GeneratedRegex(@"(?:\b(?:from|on|in|during|for|over|within|since|of|at|throughout)\s+)?(?:\bthe\s+)?$", Options)]
    private static partial Regex LeadInRegex();

    [GeneratedRegex(@"^['\u2019]s\b", Options)]
    private static partial Regex PossessiveRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();





    private sealed record Rule(Regex Regex, Func<Match, LocalDate, LocalRange?> Resolve);

    /// <summary>Local days [From, ToExclusive) plus the canonical label used in the description.</summary>
    private readonly record struct LocalRange(LocalDate From, LocalDate ToExclusive, string Label);
}
