using MemoryAssistant.Application.Moods;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.UnitTests.Moods;

public sealed class MoodSummaryTests
{
    private const string Period = "last week (Mon 16 Nov – Sun 22 Nov)";

    private static readonly DateTimeZone _lisbon = DateTimeZoneProviders.Tzdb["Europe/Lisbon"];

    // Tuesday 24 November 2026, 10:00 local (UTC+0 in Lisbon).
    private static readonly Instant _now = At(24, 10);

    [Fact]
    public void Compose_WhenNoNotes_ThenFriendlyNothingToReadLine()
    {
        var reply = MoodSummary.Compose([], Period, _lisbon, _now);

        reply.Should().StartWith("📭 No notes from last week (Mon 16 Nov – Sun 22 Nov) to read a mood from");
        reply.Should().NotContain("*Best day:*");
    }

    [Fact]
    public void Compose_WhenMostlyPositive_ThenVerdictCountsFeelingsAndBestAndHardestDays()
    {
        (Instant, Mood, string)[] notes =
        [
            (At(16, 9), Positive(0.5, "joy"), "Nice coffee with Ana"),
            (At(16, 18), Neutral, "Parked on level 3"),
            (At(17, 8), Negative(-0.7, "tiredness"), "Exhausted, deadline moved up again"),
            (At(17, 20), Positive(0.3, "gratitude"), "Thanks to Tom for the lift"),
            (At(18, 12), Positive(0.4, "joy"), "Good lunch"),
            (At(19, 12), Neutral, "Wifi password is Blue42"),
            (At(20, 19), Positive(0.5, "gratitude"), "So grateful for my friends"),
            (At(21, 11), Positive(0.9, "joy"), "Amazing hike with Ana, so happy"),
            (At(21, 16), Positive(0.6, null), "Sunset was beautiful"),
            (At(22, 10), Positive(0.5, "joy"), "Lazy Sunday, pancakes"),
        ];

        var reply = MoodSummary.Compose(notes, Period, _lisbon, _now);

        reply.Should().StartWith("🧭 *How you've been feeling* — last week (Mon 16 Nov – Sun 22 Nov)");
        reply.Should().Contain("Mostly positive 😊 — 7 positive, 2 neutral, 1 negative (10 notes).");
        reply.Should().Contain("*Feelings:* 😊 joy ×4, 🙏 gratitude ×2, 😴 tiredness ×1");
        reply.Should().Contain("*Best day:* Sat 21 Nov — “Amazing hike with Ana, so happy”");
        reply.Should().Contain("*Hardest day:* Tue 17 Nov — “Exhausted, deadline moved up again”");
        reply.Length.Should().BeLessThan(MoodSummary.MaxLength);
    }

    [Fact]
    public void Compose_WhenMostlyNegative_ThenSaysSo()
    {
        (Instant, Mood, string)[] notes =
        [
            (At(16, 9), Negative(-0.6, "stress"), "Deadline chaos"),
            (At(17, 9), Negative(-0.5, "stress"), "Too many meetings"),
            (At(18, 9), Negative(-0.4, "tiredness"), "So tired"),
            (At(19, 9), Positive(0.3, "joy"), "Good dinner"),
        ];

        var reply = MoodSummary.Compose(notes, Period, _lisbon, _now);

        reply.Should().Contain("Mostly negative 😔 — 1 positive, 0 neutral, 3 negative (4 notes).");
        reply.Should().Contain("*Feelings:* 😬 stress ×2, 😊 joy ×1, 😴 tiredness ×1", "ties keep the fixed order of Mood.Emotions");
    }

    [Fact]
    public void Compose_WhenPositiveAndNegativeBalance_ThenMixed()
    {
        (Instant, Mood, string)[] notes =
        [
            (At(16, 9), Positive(0.5, "joy"), "Good day"),
            (At(17, 9), Negative(-0.5, "sadness"), "Sad day"),
        ];

        MoodSummary.Compose(notes, Period, _lisbon, _now).Should().Contain("Mixed, ups and downs");
    }

    [Fact]
    public void Compose_WhenOnlyFacts_ThenMostlyNeutralWithoutDays()
    {
        (Instant, Mood, string)[] notes =
        [
            (At(16, 9), Neutral, "Parked on level 3"),
            (At(18, 9), Neutral, "Dentist Thursday 3pm"),
        ];

        var reply = MoodSummary.Compose(notes, Period, _lisbon, _now);

        reply.Should().Contain("Mostly neutral 😐 — 0 positive, 2 neutral, 0 negative (2 notes).");
        reply.Should().Contain("facts rather than feelings");
        reply.Should().NotContain("*Best day:*").And.NotContain("*Feelings:*");
    }

    [Fact]
    public void Compose_WhenTheSecondHalfIsBrighter_ThenSaysThingsLookedUp()
    {
        (Instant, Mood, string)[] notes =
        [
            (At(16, 9), Negative(-0.6, "stress"), "Stressed"),
            (At(17, 9), Negative(-0.5, "tiredness"), "Tired"),
            (At(21, 9), Positive(0.6, "joy"), "Great day"),
            (At(22, 9), Positive(0.5, "calm"), "Relaxed"),
        ];

        MoodSummary.Compose(notes, Period, _lisbon, _now).Should().Contain("📈 Things looked up in the second half of the period.");
    }

    [Fact]
    public void Compose_WhenTheSecondHalfIsHarder_ThenSaysSo()
    {
        (Instant, Mood, string)[] notes =
        [
            (At(16, 9), Positive(0.6, "joy"), "Great day"),
            (At(17, 9), Positive(0.5, "calm"), "Relaxed"),
            (At(21, 9), Negative(-0.6, "stress"), "Stressed"),
            (At(22, 9), Negative(-0.5, "tiredness"), "Tired"),
        ];

        MoodSummary.Compose(notes, Period, _lisbon, _now).Should().Contain("📉 The second half of the period was harder than the first.");
    }

    [Fact]
    public void Compose_WhenTheHalvesAreAlikeOrTooSmall_ThenNoTrend()
    {
        (Instant, Mood, string)[] steady =
        [
            (At(16, 9), Positive(0.5, "joy"), "Good"),
            (At(17, 9), Positive(0.4, "joy"), "Good"),
            (At(21, 9), Positive(0.5, "joy"), "Good"),
            (At(22, 9), Positive(0.4, "joy"), "Good"),
        ];
        (Instant, Mood, string)[] few =
        [
            (At(16, 9), Negative(-0.9, "anger"), "Furious"),
            (At(22, 9), Positive(0.9, "joy"), "Delighted"),
        ];

        MoodSummary.Compose(steady, Period, _lisbon, _now).Should().NotContain("📈").And.NotContain("📉");
        MoodSummary.Compose(few, Period, _lisbon, _now).Should().NotContain("📈", "one note a side is not a trend");
    }

    [Fact]
    public void Compose_WhenANoteIsLateInTheEveningUtc_ThenItsDayIsTheUsersLocalDay()
    {
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        (Instant, Mood, string)[] notes = [(At(20, 23), Positive(0.8, "joy"), "Fireworks by the river")];

        MoodSummary.Compose(notes, Period, tokyo, _now).Should().Contain("*Best day:* Sat 21 Nov", "23:00 UTC on Friday is Saturday morning in Tokyo");
    }

    [Fact]
    public void Compose_WhenOneMixedDayLeansOneWay_ThenOnlyThatSideIsShown()
    {
        (Instant, Mood, string)[] notes =
        [
            (At(18, 9), Positive(0.8, "joy"), "Great news from the clinic"),
            (At(18, 19), Negative(-0.2, "tiredness"), "Bit tired"),
        ];

        var reply = MoodSummary.Compose(notes, Period, _lisbon, _now);

        reply.Should().Contain("*Best day:* Wed 18 Nov — “Great news from the clinic”");
        reply.Should().NotContain("*Hardest day:*");
    }

    [Fact]
    public void Compose_WhenNotesAreLongOrFromAnotherYear_ThenQuotesAreShortAndDatesCarryTheYear()
    {
        var longNote = "Amazing day at the lake with everyone, we swam, had a picnic, played cards until sunset and then " + new string('x', 400);
        var lastYear = new LocalDateTime(2025, 12, 30, 12, 0).InZoneStrictly(_lisbon).ToInstant();
        (Instant, Mood, string)[] notes = [(lastYear, Positive(0.9, "joy"), longNote + "\n😊")];

        var reply = MoodSummary.Compose(notes, "the last 2 months", _lisbon, _now);

        reply.Should().Contain("*Best day:* Tue 30 Dec 2025 — “Amazing day at the lake with everyone, we swam, had a…”", "quotes are cut at a word");
        reply.Length.Should().BeLessThan(MoodSummary.MaxLength);
    }

    [Fact]
    public void Compose_WhenTheLabelIsHuge_ThenStillUnderTheLimit()
    {
        (Instant, Mood, string)[] notes = [(At(18, 9), Positive(0.8, "joy"), "Great")];

        var reply = MoodSummary.Compose(notes, new string('w', 2000), _lisbon, _now);

        reply.Length.Should().BeLessThan(MoodSummary.MaxLength);
    }

    private static Mood Neutral => Mood.Neutral;

    private static Mood Positive(double score, string? emotion) => new(MoodValence.Positive, score, emotion);

    private static Mood Negative(double score, string? emotion) => new(MoodValence.Negative, score, emotion);

    private static Instant At(int novemberDay, int hour) => Instant.FromUtc(2026, 11, novemberDay, hour, 0);
}
