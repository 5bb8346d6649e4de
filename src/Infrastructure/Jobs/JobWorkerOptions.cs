namespace MemoryAssistant.Infrastructure.Jobs;

/// <summary><c>Jobs__*</c> settings of the durable worker.</summary>
public sealed class JobWorkerOptions
{
    public const string Section = "Jobs";

    /// <summary>How often the worker looks for due jobs when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A claimed job not finished by then is presumed abandoned (crash) and runs again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Jobs run at once; media work is CPU-bound (OCR, recognition).</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>First retry delay; doubles with each attempt, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Set false to run without the worker (one-shot commands).</summary>
    public bool Enabled { get; set; } = true;
}
