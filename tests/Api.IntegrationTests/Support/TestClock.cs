using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>A clock the test sets; each reading moves on a millisecond so events keep their order. Thread-safe.</summary>
public sealed class TestClock(Instant start) : IClock
{
    private long _unixMs = start.ToUnixTimeMilliseconds();

    public Instant GetCurrentInstant() => Instant.FromUnixTimeMilliseconds(Interlocked.Increment(ref _unixMs));

    public void Set(Instant now) => Interlocked.Exchange(ref _unixMs, now.ToUnixTimeMilliseconds());

    public void Advance(Duration by) => Interlocked.Add(ref _unixMs, (long)by.TotalMilliseconds);
}
