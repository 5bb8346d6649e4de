namespace MemoryAssistant.Api.RateLimiting;

/// <summary>
/// <c>RateLimiting__*</c>: a token bucket per WhatsApp sender on <c>/webhook</c>, and one per API key (or, without a
/// valid key, per client address) on the REST API. A bucket holds up to its burst and refills at its rate per minute.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Set false to turn both limiters off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages per minute one sender may keep sending, steadily.</summary>
    public int PerSenderPerMinute { get; set; } = 20;

    /// <summary>Messages one sender may send at once; 30 lets a whole WhatsApp album (30 photos, one webhook each) through.</summary>
    public int SenderBurst { get; set; } = 30;

    /// <summary>REST requests per minute per API key (or per client address without a valid key).</summary>
    public int ApiPerMinute { get; set; } = 120;

    /// <summary>REST requests one key may make at once.</summary>
    public int ApiBurst { get; set; } = 60;
}
