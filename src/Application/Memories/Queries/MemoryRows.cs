using System.Data.Common;
using Dapper;
using MemoryAssistant.Application.Common.Time;
using NodaTime;
using Riok.Mapperly.Abstractions;

namespace MemoryAssistant.Application.Memories.Queries;

/// <summary>One flat row per memory with its owner, source interaction and media: the read model behind list and search.</summary>
public sealed class MemoryRow
{
    public long Id { get; init; }
    public long UserId { get; init; }
    public string UserNumber { get; init; } = "";
    public string TimeZoneId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Content { get; init; } = "";
    public string? Tags { get; init; }
    public Instant OccurredAt { get; init; }
    public Instant CreatedAt { get; init; }
    public string? MemoryLayer { get; init; }
    public string SyncState { get; init; } = "";
    public long InteractionId { get; init; }
    public string Channel { get; init; } = "";
    public string InteractionKind { get; init; } = "";
    public string? MessageSid { get; init; }
    public Instant ReceivedAt { get; init; }
    public long? MediaId { get; init; }
    public string? MediaContentType { get; init; }
    public long? MediaSizeBytes { get; init; }
    public string? MediaSha256 { get; init; }
    public int? MediaWidth { get; init; }
    public int? MediaHeight { get; init; }
    public long? MediaDurationMs { get; init; }
    public double? MediaLatitude { get; init; }
    public double? MediaLongitude { get; init; }
    public long? MediaNearDuplicateOf { get; init; }
    public string? TranscriptText { get; init; }
    public string? TranscriptEngine { get; init; }
    public string? TranscriptLanguage { get; init; }
    public long? TranscriptLowConfidence { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? PlaceName { get; init; }
    public string? MoodValence { get; init; }
    public double? MoodScore { get; init; }
    public string? MoodEmotion { get; init; }
    public string? SharedByName { get; init; }

    public const string Select = """
        SELECT m.id AS Id, m.user_id AS UserId, u.whatsapp_number AS UserNumber, u.time_zone_id AS TimeZoneId, m.kind AS Kind, m.content AS Content,
               (SELECT group_concat(t.tag, ' ') FROM memory_tags t WHERE t.memory_id = m.id) AS Tags,
               m.occurred_at AS OccurredAt, m.created_at AS CreatedAt, m.layer_name AS MemoryLayer, m.sync_state AS SyncState,
               i.id AS InteractionId, i.channel AS Channel, i.kind AS InteractionKind, i.message_sid AS MessageSid, i.received_at AS ReceivedAt,
               a.id AS MediaId, a.content_type AS MediaContentType, a.size_bytes AS MediaSizeBytes, a.sha256 AS MediaSha256,
               a.width AS MediaWidth, a.height AS MediaHeight, a.duration_ms AS MediaDurationMs, a.latitude AS MediaLatitude,
               a.longitude AS MediaLongitude, a.near_duplicate_of_id AS MediaNearDuplicateOf,
               tr.text AS TranscriptText, tr.engine AS TranscriptEngine, tr.language AS TranscriptLanguage, tr.low_confidence AS TranscriptLowConfidence,
               m.latitude AS Latitude, m.longitude AS Longitude, m.place_name AS PlaceName,
               m.mood_valence AS MoodValence, m.mood_score AS MoodScore, m.mood_emotion AS MoodEmotion, m.shared_by_name AS SharedByName
        FROM memories m
        JOIN users u ON u.id = m.user_id
        JOIN interactions i ON i.id = m.interaction_id
        LEFT JOIN media_assets a ON a.id = m.media_asset_id
        LEFT JOIN transcripts tr ON tr.media_asset_id = a.id
        """;

    /// <summary>Rows for the given ids, in the order of the ids (the memory layer's ranking).</summary>
    public static async Task<IReadOnlyList<MemoryRow>> ByIdsAsync(DbConnection connection, IReadOnlyList<long> ids)
    {
        if (ids.Count == 0)
            return [];
        var rows = (await connection.QueryAsync<MemoryRow>(Select + " WHERE m.id IN @ids", new { ids })).ToDictionary(r => r.Id);
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }
}

/// <summary>Compile-time checked mapping (Mapperly): a missing or misspelt member fails the build, not a request.</summary>
[Mapper]
public static partial class MemoryRowMapper
{
    public static MemoryDto ToDto(this MemoryRow row)
    {
        var zone = DateTimeZoneProviders.Tzdb[row.TimeZoneId];
        return Map(
            row,
            user: row.UserNumber,
            tags: string.IsNullOrEmpty(row.Tags) ? [] : row.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList(),
            occurredAt: LocalTimes.Iso(row.OccurredAt, zone),
            createdAt: LocalTimes.Iso(row.CreatedAt, zone),
            timeZone: zone.Id,
            source: new MemorySourceDto(row.InteractionId, row.Channel, row.InteractionKind, row.MessageSid, LocalTimes.Iso(row.ReceivedAt, zone)),
            media: row.MediaId is { } mediaId
                ? new MemoryMediaDto(
                    mediaId, row.MediaContentType!, row.MediaSizeBytes ?? 0, row.MediaSha256!, row.MediaWidth, row.MediaHeight, row.MediaDurationMs,
                    row.MediaLatitude, row.MediaLongitude, row.MediaNearDuplicateOf,
                    row.TranscriptText is { } text ? new TranscriptDto(text, row.TranscriptEngine!, row.TranscriptLanguage, row.TranscriptLowConfidence == 1) : null)
                : null,
            place: row.Latitude is { } lat && row.Longitude is { } lon ? new MemoryPlaceDto(lat, lon, row.PlaceName) : null,
            mood: row.MoodValence is { } valence ? new MoodDto(valence, row.MoodScore ?? 0, row.MoodEmotion) : null,
            sharedBy: row.SharedByName);
    }

    // Given as parameters instead: formatted in the owner's zone, or split from SQL's group_concat.
    [MapperIgnoreSource(nameof(MemoryRow.OccurredAt))]
    [MapperIgnoreSource(nameof(MemoryRow.CreatedAt))]
    [MapperIgnoreSource(nameof(MemoryRow.Tags))]
    [MapperIgnoreSource(nameof(MemoryRow.UserId))]
    [MapperIgnoreSource(nameof(MemoryRow.UserNumber))]
    [MapperIgnoreSource(nameof(MemoryRow.TimeZoneId))]
    [MapperIgnoreSource(nameof(MemoryRow.InteractionId))]
    [MapperIgnoreSource(nameof(MemoryRow.Channel))]
    [MapperIgnoreSource(nameof(MemoryRow.InteractionKind))]
    [MapperIgnoreSource(nameof(MemoryRow.MessageSid))]
    [MapperIgnoreSource(nameof(MemoryRow.ReceivedAt))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaId))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaContentType))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaSizeBytes))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaSha256))]
    [MapperIgnoreSource(nameof(MemoryRow.TranscriptLowConfidence))]
    [MapperIgnoreSource(nameof(MemoryRow.TranscriptLanguage))]
    [MapperIgnoreSource(nameof(MemoryRow.TranscriptEngine))]
    [MapperIgnoreSource(nameof(MemoryRow.TranscriptText))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaNearDuplicateOf))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaLongitude))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaLatitude))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaDurationMs))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaHeight))]
    [MapperIgnoreSource(nameof(MemoryRow.MediaWidth))]
    [MapperIgnoreSource(nameof(MemoryRow.Latitude))]
    [MapperIgnoreSource(nameof(MemoryRow.Longitude))]
    [MapperIgnoreSource(nameof(MemoryRow.PlaceName))]
    [MapperIgnoreSource(nameof(MemoryRow.MoodValence))]
    [MapperIgnoreSource(nameof(MemoryRow.MoodScore))]
    [MapperIgnoreSource(nameof(MemoryRow.MoodEmotion))]
    [MapperIgnoreSource(nameof(MemoryRow.SharedByName))]
    private static partial MemoryDto Map(
        MemoryRow row, string user, IReadOnlyList<string> tags, string occurredAt, string createdAt, string timeZone, MemorySourceDto source, MemoryMediaDto? media,
        MemoryPlaceDto? place, MoodDto? mood, string? sharedBy);
}
