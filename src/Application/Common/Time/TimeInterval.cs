using NodaTime;

namespace MemoryAssistant.Application.Common.Time;

/// <summary>
/// A half-open interval [<see cref="Start"/>, <see cref="End"/>) on the global time line.
/// Half-open so that consecutive days/weeks tile without overlap or gaps.
/// </summary>
public sealed record TimeInterval(Instant Start, Instant End)
{
    public Instant Start { get; } = Start;

    // Validated here (not in a separate ctor) so the positional record shape stays intact.
    public Instant End { get; } = End > Start
        ? End
        : throw new ArgumentOutOfRangeException(nameof(End), End, "End must be after Start.");

    /// <summary>Elapsed time; not always a multiple of 24 h because local days can be 23 h or 25 h.</summary>
    public Duration Duration => End - Start;

    public bool Contains(Instant instant) => Start <= instant && instant < End;
}
