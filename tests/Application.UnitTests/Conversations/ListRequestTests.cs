using MemoryAssistant.Application.Conversations;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.UnitTests.Conversations;

public sealed class ListRequestTests
{
    private static readonly Instant s_now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly DateTimeZone s_lisbon = DateTimeZoneProviders.Tzdb["Europe/Lisbon"];

    [Theory]
    [InlineData(null, ListRequest.DefaultCount, null, false)]
    [InlineData("5", 5, null, false)]
    [InlineData("500", ListRequest.MaxCount, null, false)]
    [InlineData("photos", ListRequest.DefaultCount, MemoryKind.Image, false)]
    [InlineData("my voice notes", ListRequest.DefaultCount, MemoryKind.Audio, false)]
    [InlineData("3 voice-note", 3, MemoryKind.Audio, false)]
    [InlineData("2 notes last week", 2, MemoryKind.Text, true)]
    [InlineData("places yesterday", ListRequest.DefaultCount, MemoryKind.Location, true)]
    [InlineData("last week", ListRequest.DefaultCount, null, true)]
    public void TryParse_WhenCountKindAndPeriodInAnyOrder_ThenReadsEach(string? argument, int count, MemoryKind? kind, bool hasPeriod)
    {
        ListRequest.TryParse(argument, s_now, s_lisbon, out var request).Should().BeTrue();

        request.Count.Should().Be(count);
        request.Kind.Should().Be(kind);
        (request.Period is not null).Should().Be(hasPeriod);
    }

    [Theory]
    [InlineData("#food", "food", null)]
    [InlineData("5 #Health notes", "health", MemoryKind.Text)]
    [InlineData("photos #family last week", "family", MemoryKind.Image)]
    public void TryParse_WhenAHashtagIsGiven_ThenFiltersByThatTag(string argument, string tag, MemoryKind? kind)
    {
        ListRequest.TryParse(argument, s_now, s_lisbon, out var request).Should().BeTrue();

        request.Tag.Should().Be(tag);
        request.Kind.Should().Be(kind);
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("photos notes")]
    public void TryParse_WhenArgumentIsNotUnderstood_ThenFalse(string argument) =>
        ListRequest.TryParse(argument, s_now, s_lisbon, out _).Should().BeFalse();

    [Fact]
    public void TryParse_WhenLastWeek_ThenPeriodIsPreviousCalendarWeekInTheUsersZone()
    {
        ListRequest.TryParse("notes last week", s_now, s_lisbon, out var request).Should().BeTrue();

        request.Period!.Interval.Start.Should().Be(Instant.FromUtc(2026, 11, 16, 0, 0));
        request.Period.Interval.End.Should().Be(Instant.FromUtc(2026, 11, 23, 0, 0));
    }
}
