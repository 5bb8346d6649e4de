using System.Text.Json.Nodes;

namespace MemoryAssistant.TestSupport;

/// <summary>
/// One request as the <see cref="Mem0Emulator"/> received it. <paramref name="StatusCode"/> is what it answered:
/// 0 while the request is still in flight, 499 when the client went away before an answer was written.
/// </summary>
public sealed record Mem0Request(string Method, string PathAndQuery, string? Authorization, string Body, int StatusCode);

/// <summary>
/// A memory the emulator holds. <paramref name="UserId"/> is empty for memories added without a user_id.
/// <paramref name="ImageContentTypes"/> lists the content type of the data-URI image a fact came from (empty for text
/// facts and for images given by https URL). <paramref name="Metadata"/> is a copy: changing it changes nothing stored.
/// </summary>
public sealed record Mem0StoredMemory(
    string Id,
    string UserId,
    string Memory,
    JsonObject Metadata,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> ImageContentTypes)
{
    public string? AgentId { get; init; }

    public string? AppId { get; init; }

    public string? RunId { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];
}

/// <summary>A failure the emulator answers with instead of processing a request (see <see cref="Mem0Emulator.InjectFault"/>).</summary>
public abstract record Mem0Fault
{
    private protected Mem0Fault()
    {
    }

    /// <summary>Answer with this status (200–599) and a JSON <c>{"detail"}</c> body; do nothing else.</summary>
    public sealed record Status(int Code) : Mem0Fault;

    /// <summary>
    /// 429 with <c>Retry-After</c> (whole seconds, rounded up, at least 1), <c>X-RateLimit-Limit: 1000</c>,
    /// <c>X-RateLimit-Remaining: 0</c> and <c>X-RateLimit-Reset</c> (Unix seconds when the window reopens).
    /// </summary>
    public sealed record RateLimited(TimeSpan RetryAfter) : Mem0Fault;

    /// <summary>
    /// Hold the request unprocessed for <paramref name="Duration"/> (<see cref="Timeout.InfiniteTimeSpan"/>: until the
    /// client aborts), then answer 504. Nothing is stored either way.
    /// </summary>
    public sealed record Hang(TimeSpan Duration) : Mem0Fault;
}
