namespace MemoryAssistant.Application.Users.Queries.ExportUserData;

// The JSON files of an export (camelCase). Times are ISO-8601 with the offset of the user's zone at that instant.

/// <summary>manifest.json: what the archive holds, with a SHA-256 per file so a copy can be checked.</summary>
public sealed record ExportManifestDto(
    string Format,
    int Version,
    string ExportedAt,
    ExportUserDto User,
    ExportCountsDto Counts,
    IReadOnlyList<ExportFileDto> Files);

/// <param name="DigestTime">Local time of the daily digest ("08:00"); null when not opted in.</param>
public sealed record ExportUserDto(string Number, string? ProfileName, string TimeZone, string CreatedAt, string? DigestTime);

public sealed record ExportCountsDto(int Interactions, int Memories, int Transcripts, int MediaFiles, int Reminders, int Places);

/// <param name="Bytes">Uncompressed size of the entry.</param>
/// <param name="Sha256">Of the uncompressed entry, 64 lower-case hex digits.</param>
public sealed record ExportFileDto(string Path, long Bytes, string Sha256);

/// <summary>interactions.json: every message received from or sent to the user.</summary>
public sealed record ExportInteractionDto(
    long Id,
    string Direction,
    string Channel,
    string Kind,
    string? MessageSid,
    string Body,
    string ReceivedAt,
    string? Reply,
    string Status);

/// <summary>memories.json: every memory, with the interaction it came from.</summary>
/// <param name="SharedBy">The name of whoever shared it, for a copy accepted from someone else.</param>
public sealed record ExportMemoryDto(
    long Id,
    string Kind,
    string Content,
    string OccurredAt,
    string CreatedAt,
    IReadOnlyList<string> Tags,
    long InteractionId,
    ExportMediaRefDto? Media,
    ExportMemoryPlaceDto? Place,
    ExportMoodDto? Mood,
    string? SharedBy);

/// <param name="Path">The file's entry in the archive (media/&lt;sha256&gt;.&lt;ext&gt;); null when the file was missing from the store.</param>
public sealed record ExportMediaRefDto(string Sha256, string ContentType, string? Path);

public sealed record ExportMemoryPlaceDto(double Lat, double Lon, string? Name);

public sealed record ExportMoodDto(string Valence, double Score, string? Emotion);

/// <summary>transcripts.json: what the user's voice notes say.</summary>
public sealed record ExportTranscriptDto(
    string MediaSha256,
    string? MediaPath,
    string Text,
    string Engine,
    string? Language,
    double? Confidence,
    bool LowConfidence,
    long? DurationMs,
    string CreatedAt);

/// <summary>reminders.json.</summary>
public sealed record ExportReminderDto(
    long Id,
    string What,
    string? Cron,
    string? NextDueAt,
    string Status,
    int SentCount,
    string CreatedAt,
    long InteractionId);

/// <summary>places.json: the places the user named ("office").</summary>
public sealed record ExportPlaceDto(string Name, double Lat, double Lon, string CreatedAt, string UpdatedAt);
