namespace MemoryAssistant.Infrastructure.MemoryLayer.Mem0;

/// <summary>What the last calls to Mem0 showed, for /health: one instance per process.</summary>
public sealed class Mem0Status
{
    private readonly Lock _gate = new();

    public DateTimeOffset? LastSuccessAt { get; private set; }
    public DateTimeOffset? LastFailureAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Null until the start-up ping has answered.</summary>
    public bool? PingSucceeded { get; private set; }

    /// <summary>True when the most recent call failed.</summary>
    public bool Failing
    {
        get
        {
            lock (_gate)
                return LastFailureAt is { } failed && (LastSuccessAt is not { } ok || failed > ok);
        }
    }

    public void Succeeded()
    {
        lock (_gate)
            LastSuccessAt = DateTimeOffset.UtcNow;
    }

    public void Failed(string error)
    {
        lock (_gate)
        {
            LastFailureAt = DateTimeOffset.UtcNow;
            LastError = error;
        }
    }

    public void Pinged(bool ok)
    {
        lock (_gate)
            PingSucceeded = ok;
    }
}
