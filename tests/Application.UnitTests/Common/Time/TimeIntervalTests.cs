using MemoryAssistant.Application.Common.Time;
using NodaTime;

namespace MemoryAssistant.Application.UnitTests.Common.Time;

public sealed class TimeIntervalTests
{
    private static readonly Instant _start = Instant.FromUtc(2026, 11, 16, 0, 0);
    private static readonly Instant _end = Instant.FromUtc(2026, 11, 23, 0, 0);

    [Fact]
    public void Ctor_WhenEndIsNotAfterStart_ThenThrows()
    {
        var empty = () => new TimeInterval(_start, _start);
        var reversed = () => new TimeInterval(_end, _start);

        empty.Should().Throw<ArgumentOutOfRangeException>();
        reversed.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Contains_WhenInstantIsStart_ThenTrue()
    {
        new TimeInterval(_start, _end).Contains(_start).Should().BeTrue();
    }

    [Fact]
    public void Contains_WhenInstantIsEnd_ThenFalseBecauseIntervalIsHalfOpen()
    {
        new TimeInterval(_start, _end).Contains(_end).Should().BeFalse();
    }

    [Fact]
    public void Contains_WhenInstantIsJustBeforeEnd_ThenTrue()
    {
        new TimeInterval(_start, _end).Contains(_end - Duration.Epsilon).Should().BeTrue();
    }

    [Fact]
    public void Duration_WhenCreated_ThenIsEndMinusStart()
    {
        new TimeInterval(_start, _end).Duration.Should().Be(Duration.FromDays(7));
    }
}
