namespace MemoryAssistant.Infrastructure.MemoryLayer.Mem0;

/// <summary><c>Mem0__*</c> settings. With no <see cref="ApiKey"/> the embedded engine serves alone.</summary>
public sealed class Mem0Options
{
    public const string Section = "Mem0";

    public string? ApiKey { get; set; }

    /// <summary>The hosted platform; point it elsewhere for a proxy or a test double.</summary>
    public string BaseUrl { get; set; } = "https://api.mem0.ai";

    /// <summary>Let Mem0's LLM extract facts (and describe photos); false stores our text verbatim.</summary>
    public bool Infer { get; set; } = true;

    /// <summary>One HTTP attempt; a hung connection is abandoned after this.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A whole search, retries included: recall answers from the local index after this.</summary>
    public TimeSpan SearchTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt, on 429/5xx/timeouts (see Mem0Registration for which calls).</summary>
    public int MaxRetries { get; set; } = 2;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A Retry-After longer than this is not waited out in the call: the sync worker waits instead.</summary>
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After repeated failures calls fail fast for this long, so recall falls back at once.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}
