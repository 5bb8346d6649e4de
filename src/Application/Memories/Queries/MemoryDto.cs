namespace MemoryAssistant.Application.Memories.Queries;

/// <summary>A memory as the REST API shows it: what, when (in its owner's zone) and where it came from.</summary>
public sealed record MemoryDto(
    long Id,
    string User,
    string Kind,
    string Content,
    IReadOnlyList<string> Tags,
    string OccurredAt,
    string CreatedAt,
    string TimeZone,
    MemorySourceDto Source,
    MemoryMediaDto? Media,
    string? MemoryLayer,
    string SyncState);

/// <summary>The interaction a memory came from: every memory is traceable to one.</summary>
public sealed record MemorySourceDto(long InteractionId, string Channel, string Kind, string? MessageSid, string ReceivedAt);

public sealed record MemoryMediaDto(long Id, string ContentType, long SizeBytes, string Sha256);
