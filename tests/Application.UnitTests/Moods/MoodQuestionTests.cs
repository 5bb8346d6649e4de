using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Moods;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.Application.UnitTests.Moods;

public sealed class MoodQuestionTests
{
    // Lisbon is UTC+0 in November, so the expected UTC instants below read like the local dates.
    private static readonly DateTimeZone _lisbon = DateTimeZoneProviders.Tzdb["Europe/Lisbon"];

    // Tuesday 24 November 2026, 10:00 local.
    private static readonly Instant _now = new LocalDateTime(2026, 11, 24, 10, 0).InZoneStrictly(_lisbon).ToInstant();

    [Theory]
    [InlineData("how have I been feeling this week?")]
    [InlineData("How have I been feeling lately?")]
    [InlineData("how've I been feeling")]
    [InlineData("how have i been")]
    [InlineData("how was my mood last month")]
    [InlineData("How am I feeling lately")]
    [InlineData("how did I feel last week?")]
    [InlineData("what's my mood been like")]
    [InlineData("What’s my mood been like recently?")]
    [InlineData("whats my mood been like this week 🤔")]
    [InlineData("how's my mood been?")]
    [InlineData("tell me how I've been feeling this month")]
    [InlineData("hey, how have I been feeling overall?")]
    [InlineData("/mood")]
    [InlineData("/MOOD last week")]
    [InlineData("/mood whatever")]
    [InlineData("mood this week")]
    [InlineData("Mood")]
    [InlineData("my mood over the last 2 weeks")]
    [InlineData("mood summary for November")]
    public void TryParse_WhenAskingAboutMood_ThenTrue(string message)
    {
        MoodQuestion.TryParse(message, _now, _lisbon, out var period).Should().BeTrue();

        period.Should().NotBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("In a good mood today, the sun is out")]
    [InlineData("Bad mood after the meeting")]
    [InlineData("mood board for the wedding: sage and cream")]
    [InlineData("how do I feel about the trip?")]
    [InlineData("how have I been sleeping this week")]
    [InlineData("what did I plan for dinner?")]
    [InlineData("how was the dentist last week")]
    [InlineData("/list notes last week")]
    [InlineData("/moodboard")]
    public void TryParse_WhenNotAMoodQuestion_ThenFalse(string message)
    {
        MoodQuestion.TryParse(message, _now, _lisbon, out var period).Should().BeFalse();

        period.Should().BeNull();
    }

    [Theory]
    [InlineData("how have I been feeling this week?", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z")]
    [InlineData("how was my mood last month", "2026-09-30T23:00:00Z", "2026-11-01T00:00:00Z")]
    [InlineData("/mood last week", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("mood yesterday", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z")]
    public void TryParse_WhenAPeriodIsNamed_ThenThatPeriodInTheUsersZone(string message, string start, string end)
    {
        MoodQuestion.TryParse(message, _now, _lisbon, out var period).Should().BeTrue();

        period!.Interval.Should().Be(new TimeInterval(Utc(start), Utc(end)));
        period.Should().BeEquivalentTo(TimePhraseParser.Parse(message.Replace('\u2019', '\''), _now, _lisbon));
    }

    [Theory]
    [InlineData("/mood")]
    [InlineData("how am I feeling lately?")]
    [InlineData("what's my mood been like")]
    public void TryParse_WhenNoPeriodIsNamed_ThenTheLast7DaysUpToNow(string message)
    {
        MoodQuestion.TryParse(message, _now, _lisbon, out var period).Should().BeTrue();

        period!.Interval.Should().Be(new TimeInterval(_now - Duration.FromDays(7), _now));
        period.Description.Should().Be(MoodQuestion.DefaultLabel).And.Be("the last 7 days");
    }

    [Fact]
    public void TryParse_WhenArgumentsAreNull_ThenThrows()
    {
        var noMessage = () => MoodQuestion.TryParse(null!, _now, _lisbon, out _);
        var noZone = () => MoodQuestion.TryParse("/mood", _now, null!, out _);

        noMessage.Should().Throw<ArgumentNullException>();
        noZone.Should().Throw<ArgumentNullException>();
    }

    private static Instant Utc(string iso) => InstantPattern.ExtendedIso.Parse(iso).Value;
}
