namespace MemoryAssistant.Application.Memories.Layers;

/// <summary><c>Mem0__Sync__*</c>: how pending memories travel to the remote layer.</summary>
public sealed class MemorySyncOptions
{
    public const string Section = "Mem0:Sync";

    /// <summary>How often a queued Mem0 event is polled while it runs.</summary>
    public TimeSpan EventPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one event is waited for before the worker moves on and polls it again later.</summary>
    public TimeSpan EventWaitLimit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Memories sent per pass before the worker looks again (new ones keep their turn).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How often the worker looks for pending memories when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First pause after the layer failed; doubles with each failure, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Photos larger than this are sent as text only (caption, OCR, description).</summary>
    public long MaxImageBytes { get; set; } = 4 * 1024 * 1024;
}
