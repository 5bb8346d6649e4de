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
    string SyncState,
    MemoryPlaceDto? Place = null,
    MoodDto? Mood = null,
    string? SharedBy = null);

/// <summary>Where it happened: a shared location or a photo's GPS, with the place's name when known.</summary>
public sealed record MemoryPlaceDto(double Latitude, double Longitude, string? Name);

/// <param name="Valence">positive, neutral or negative.</param>
/// <param name="Emotion">joy, gratitude, stress, … or null when none is clear.</param>
public sealed record MoodDto(string Valence, double Score, string? Emotion);

/// <summary>The interaction a memory came from: every memory is traceable to one.</summary>
public sealed record MemorySourceDto(long InteractionId, string Channel, string Kind, string? MessageSid, string ReceivedAt);

/// <param name="NearDuplicateOf">An earlier asset that looks the same (a recompressed forward of one photo).</param>
/// <param name="Transcript">What a voice note says, with the engine that heard it.</param>
public sealed record MemoryMediaDto(
    long Id,
    string ContentType,
    long SizeBytes,
    string Sha256,
    int? Width = null,
    int? Height = null,
    long? DurationMs = null,
    double? Latitude = null,
    double? Longitude = null,
    long? NearDuplicateOf = null,
    TranscriptDto? Transcript = null);

public sealed record TranscriptDto(string Text, string Engine, string? Language, bool LowConfidence);
