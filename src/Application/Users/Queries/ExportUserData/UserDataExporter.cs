using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Time;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Users.Queries.ExportUserData;

/// <summary>
/// Finds a user and writes their export: one ZIP made entry by entry while it is sent (ZipArchive in Create mode
/// on the output stream, rows read unbuffered, media files copied from the media store), so its size never
/// matters to memory. Entries:
/// <list type="bullet">
/// <item><c>media/&lt;sha256&gt;.&lt;ext&gt;</c>: every photo, voice note or document the user's messages and memories refer to;</item>
/// <item><c>interactions.json</c>, <c>memories.json</c>, <c>transcripts.json</c>, <c>reminders.json</c>, <c>places.json</c>;</item>
/// <item><c>manifest.json</c>, written LAST: it lists every other entry with its size and SHA-256, and the counts.</item>
/// </list>
/// Times are ISO-8601 with the offset of the user's zone (<c>users.time_zone_id</c>) at that instant.
/// </summary>
public sealed class UserDataExporter(IReadDbConnectionFactory connections, IMediaStore store, IClock clock, ILogger<UserDataExporter> logger)
{
    public const string Format = "memoryassistant-export";
    public const int Version = 1;

    // Files for people and their tools, never embedded in a web page: "+", "é" and emoji are written as they are.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How the user is named: by row id (the REST API) or by opaque external id (a signed link).</summary>
    public sealed class UserKey
    {
        private UserKey(string column, object value)
        {
            Column = column;
            Value = value;
        }

        internal string Column { get; }
        internal object Value { get; }

        public static UserKey Id(long userId) => new("id", userId);

        public static UserKey External(string externalId) => new("external_id", externalId);
    }

    /// <returns>The export, ready to be written; null when no such user exists.</returns>
    public async Task<UserDataExport?> FindAsync(UserKey key, CancellationToken cancellationToken)
    {
        UserRow? user;
        await using (var connection = await connections.OpenAsync(cancellationToken))
            user = await connection.QuerySingleOrDefaultAsync<UserRow>(UserRow.Select + $" WHERE {key.Column} = @value", new { value = key.Value });
        if (user is null)
            return null;

        var zone = DateTimeZoneProviders.Tzdb[user.TimeZoneId];
        var exportedAt = clock.GetCurrentInstant();
        var day = exportedAt.InZone(zone).Date.ToString("uuuuMMdd", CultureInfo.InvariantCulture);
        return new UserDataExport($"memoryassistant-export-{user.ExternalId}-{day}.zip", (output, ct) => WriteAsync(user, zone, exportedAt, output, ct));
    }

    private async Task WriteAsync(UserRow user, DateTimeZone zone, Instant exportedAt, Stream output, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One read snapshot for every file: under WAL a deferred transaction sees the database as of its first read,
        // so memories.json never names an interaction that interactions.json lacks. It only reads, so it ends in a rollback.
        await connection.ExecuteAsync("BEGIN DEFERRED");
        try
        {
            await using var sink = new AsyncOnlySink(output);
            await using (var zip = await ZipArchive.CreateAsync(sink, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
            {
                var archive = new ArchiveWriter(zip, sink, exportedAt.InZone(zone).ToDateTimeOffset());
                await WriteEntriesAsync(archive, connection, user, zone, exportedAt, cancellationToken);
            }

            // The central directory, written when the archive is disposed.
            await sink.FlushAsync(cancellationToken);
        }
        finally
        {
            await EndSnapshotAsync(connection);
        }
    }

    private async Task WriteEntriesAsync(ArchiveWriter archive, DbConnection connection, UserRow user, DateTimeZone zone, Instant exportedAt, CancellationToken cancellationToken)
    {
        var read = new Reader(connection, user.Id, zone, cancellationToken);

        var mediaPaths = await AddMediaAsync(archive, connection, user.Id, cancellationToken);
        var interactions = await archive.AddJsonArrayAsync("interactions.json", read.Interactions(), cancellationToken);
        var memories = await archive.AddJsonArrayAsync("memories.json", read.Memories(mediaPaths), cancellationToken);
        var transcripts = await archive.AddJsonArrayAsync("transcripts.json", read.Transcripts(mediaPaths), cancellationToken);
        var reminders = await archive.AddJsonArrayAsync("reminders.json", read.Reminders(), cancellationToken);
        var places = await archive.AddJsonArrayAsync("places.json", read.Places(), cancellationToken);

        var manifest = new ExportManifestDto(
            Format,
            Version,
            LocalTimes.Iso(exportedAt, zone),
            new ExportUserDto(user.Number, user.ProfileName, zone.Id, LocalTimes.Iso(user.CreatedAt, zone), user.DigestTime),
            new ExportCountsDto(interactions, memories, transcripts, mediaPaths.Count, reminders, places),
            archive.Files.ToList());
        await archive.AddAsync("manifest.json", CompressionLevel.Optimal, stream => JsonSerializer.SerializeAsync(stream, manifest, s_json, cancellationToken), listed: false, cancellationToken);
    }

    /// <summary>Copies each media file into <c>media/</c>; returns the entry of each by SHA-256 (a file missing from the store is left out).</summary>
    private async Task<IReadOnlyDictionary<string, string>> AddMediaAsync(ArchiveWriter archive, DbConnection connection, long userId, CancellationToken cancellationToken)
    {
        var assets = (await connection.QueryAsync<MediaRow>(MediaRow.Select, new { userId })).ToList();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var asset in assets)
        {
            Stream file;
            try
            {
                file = store.OpenRead(asset.StoragePath);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                logger.LogWarning("Media file {Sha256} of user {UserId} is missing from the store; the export goes on without it", asset.Sha256, userId);
                continue;
            }

            var path = $"media/{asset.Sha256}.{ExtensionOf(asset.ContentType)}";
            await using (file)
            {
                // Photos and voice notes are compressed already: stored as they are.
                await archive.AddAsync(path, CompressionLevel.NoCompression, stream => file.CopyToAsync(stream, cancellationToken), listed: true, cancellationToken);
            }

            paths[asset.Sha256] = path;
        }

        return paths;
    }

    private async Task EndSnapshotAsync(DbConnection connection)
    {
        try
        {
            await connection.ExecuteAsync("ROLLBACK");
        }
        catch (DbException ex)
        {
            // Nothing was written; the connection is disposed right after.
            logger.LogDebug(ex, "Ending the export's read snapshot failed");
        }
    }

    /// <summary>The file extension for a stored content type ("audio/ogg; codecs=opus" → ogg); "bin" when unknown.</summary>
    public static string ExtensionOf(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/heic" => "heic",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/mp4" => "m4a",
        "audio/aac" => "aac",
        "audio/amr" => "amr",
        "audio/webm" => "webm",
        "audio/wav" => "wav",
        "video/mp4" => "mp4",
        "video/3gpp" => "3gp",
        "video/quicktime" => "mov",
        "application/pdf" => "pdf",
        "text/vcard" or "text/x-vcard" => "vcf",
        "text/plain" => "txt",
        _ => "bin",
    };

    /// <summary>The rows of one user as the export's DTOs, read unbuffered inside the snapshot.</summary>
    private sealed class Reader(DbConnection connection, long userId, DateTimeZone zone, CancellationToken cancellationToken)
    {
        private string Iso(Instant instant) => LocalTimes.Iso(instant, zone);

        private string? Iso(Instant? instant) => instant is { } i ? LocalTimes.Iso(i, zone) : null;

        private IAsyncEnumerable<T> Rows<T>(string sql) => connection.QueryUnbufferedAsync<T>(sql, new { userId });

        public async IAsyncEnumerable<ExportInteractionDto> Interactions()
        {
            await foreach (var r in Rows<InteractionRow>(InteractionRow.Select).WithCancellation(cancellationToken))
                yield return new ExportInteractionDto(r.Id, r.Direction, r.Channel, r.Kind, r.MessageSid, r.Body, Iso(r.ReceivedAt), r.Reply, r.Status);
        }

        public async IAsyncEnumerable<ExportMemoryDto> Memories(IReadOnlyDictionary<string, string> mediaPaths)
        {
            await foreach (var r in Rows<MemoryRow>(MemoryRow.Select).WithCancellation(cancellationToken))
            {
                yield return new ExportMemoryDto(
                    r.Id,
                    r.Kind,
                    r.Content,
                    Iso(r.OccurredAt),
                    Iso(r.CreatedAt),
                    JsonSerializer.Deserialize<List<string>>(r.Tags ?? "[]") ?? [],
                    r.InteractionId,
                    r.MediaSha256 is { } sha ? new ExportMediaRefDto(sha, r.MediaContentType ?? "", mediaPaths.GetValueOrDefault(sha)) : null,
                    r.Latitude is { } lat && r.Longitude is { } lon ? new ExportMemoryPlaceDto(lat, lon, r.PlaceName) : null,
                    r.MoodValence is { } valence ? new ExportMoodDto(valence, r.MoodScore ?? 0, r.MoodEmotion) : null,
                    r.SharedByName);
            }
        }

        public async IAsyncEnumerable<ExportTranscriptDto> Transcripts(IReadOnlyDictionary<string, string> mediaPaths)
        {
            await foreach (var r in Rows<TranscriptRow>(TranscriptRow.Select).WithCancellation(cancellationToken))
            {
                yield return new ExportTranscriptDto(
                    r.MediaSha256, mediaPaths.GetValueOrDefault(r.MediaSha256), r.Text, r.Engine, r.Language, r.Confidence, r.LowConfidence != 0, r.DurationMs, Iso(r.CreatedAt));
            }
        }

        public async IAsyncEnumerable<ExportReminderDto> Reminders()
        {
            await foreach (var r in Rows<ReminderRow>(ReminderRow.Select).WithCancellation(cancellationToken))
                yield return new ExportReminderDto(r.Id, r.What, r.Cron, Iso(r.NextDueAt), r.Status, r.SentCount, Iso(r.CreatedAt), r.InteractionId);
        }

        public async IAsyncEnumerable<ExportPlaceDto> Places()
        {
            await foreach (var r in Rows<PlaceRow>(PlaceRow.Select).WithCancellation(cancellationToken))
                yield return new ExportPlaceDto(r.Name, r.Latitude, r.Longitude, Iso(r.CreatedAt), Iso(r.UpdatedAt));
        }
    }

    /// <summary>Adds entries to the ZIP, each hashed and measured as it is written.</summary>
    private sealed class ArchiveWriter(ZipArchive zip, AsyncOnlySink sink, DateTimeOffset entryTime)
    {
        private readonly List<ExportFileDto> _files = [];

        public IReadOnlyList<ExportFileDto> Files => _files;

        public async Task AddAsync(string path, CompressionLevel level, Func<Stream, Task> write, bool listed, CancellationToken cancellationToken)
        {
            var entry = zip.CreateEntry(path, level);
            entry.LastWriteTime = entryTime;
            await using (var stream = await entry.OpenAsync(cancellationToken))
            {
                using var digest = new DigestStream(stream);
                await write(digest);
                if (listed)
                    _files.Add(new ExportFileDto(path, digest.Length, digest.Sha256()));
            }

            // The entry's last compressed block and its data descriptor, written when its stream was disposed.
            await sink.SendAsync(cancellationToken);
        }

        /// <summary>A JSON array of <paramref name="items"/>, serialised as they are read; returns how many there were.</summary>
        public async Task<int> AddJsonArrayAsync<T>(string path, IAsyncEnumerable<T> items, CancellationToken cancellationToken)
        {
            var count = 0;
            await AddAsync(path, CompressionLevel.Optimal, stream => JsonSerializer.SerializeAsync(stream, Counted(), s_json, cancellationToken), listed: true, cancellationToken);
            return count;

            async IAsyncEnumerable<T> Counted([EnumeratorCancellation] CancellationToken token = default)
            {
                await foreach (var item in items.WithCancellation(token))
                {
                    count++;
                    yield return item;
                }
            }
        }
    }

    /// <summary>
    /// Passes writes on to an entry's stream, counting bytes and hashing them. Flushes are not passed on: an entry
    /// is complete when its stream is disposed, and flushing the compressor midway would only make it compress worse.
    /// </summary>
    private sealed class DigestStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public string Sha256() => Convert.ToHexStringLower(_hash.GetCurrentHash());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            _length += buffer.Length;
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// What ZipArchive writes into, in front of the output. Even on its async path ZipArchive writes a few small
    /// pieces synchronously (an entry's last compressed block and data descriptor when its stream is disposed, the
    /// central directory), which a response body refuses. Every write lands in a buffer here that is sent on
    /// asynchronously once it holds <see cref="SendAt"/> bytes and after every entry, so memory stays bounded.
    /// </summary>
    private sealed class AsyncOnlySink(Stream output) : Stream
    {
        private const int SendAt = 64 * 1024;
        private readonly MemoryStream _pending = new();
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.Write(buffer);
            _written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            if (_pending.Length >= SendAt)
                await SendAsync(cancellationToken);
        }

        /// <summary>Sends what is buffered.</summary>
        public async Task SendAsync(CancellationToken cancellationToken)
        {
            if (_pending.Length == 0)
                return;
            await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
            _pending.SetLength(0);
        }

        // Nothing can be sent synchronously; SendAsync and FlushAsync do it.
        public override void Flush()
        {
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await SendAsync(cancellationToken);
            await output.FlushAsync(cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _pending.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class UserRow
    {
        public const string Select = """
            SELECT id AS Id, whatsapp_number AS Number, profile_name AS ProfileName, external_id AS ExternalId,
                   time_zone_id AS TimeZoneId, created_at AS CreatedAt, digest_time AS DigestTime
            FROM users
            """;

        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string? ProfileName { get; init; }
        public string ExternalId { get; init; } = "";
        public string TimeZoneId { get; init; } = "";
        public Instant CreatedAt { get; init; }
        public string? DigestTime { get; init; }
    }

    private sealed class MediaRow
    {
        /// <summary>Assets the user's messages carry, and those their memories show (an accepted share's photo).</summary>
        public const string Select = """
            SELECT a.sha256 AS Sha256, a.content_type AS ContentType, a.storage_path AS StoragePath
            FROM media_assets a
            WHERE a.id IN (
                SELECT im.media_asset_id FROM interaction_media im JOIN interactions i ON i.id = im.interaction_id
                WHERE i.user_id = @userId AND im.media_asset_id IS NOT NULL
                UNION
                SELECT m.media_asset_id FROM memories m WHERE m.user_id = @userId AND m.media_asset_id IS NOT NULL)
            ORDER BY a.id
            """;

        public string Sha256 { get; init; } = "";
        public string ContentType { get; init; } = "";
        public string StoragePath { get; init; } = "";
    }

    private sealed class InteractionRow
    {
        public const string Select = """
            SELECT id AS Id, direction AS Direction, channel AS Channel, kind AS Kind, message_sid AS MessageSid, body AS Body,
                   received_at AS ReceivedAt, reply AS Reply, status AS Status
            FROM interactions WHERE user_id = @userId ORDER BY id
            """;

        public long Id { get; init; }
        public string Direction { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? MessageSid { get; init; }
        public string Body { get; init; } = "";
        public Instant ReceivedAt { get; init; }
        public string? Reply { get; init; }
        public string Status { get; init; } = "";
    }

    private sealed class MemoryRow
    {
        public const string Select = """
            SELECT m.id AS Id, m.kind AS Kind, m.content AS Content, m.occurred_at AS OccurredAt, m.created_at AS CreatedAt,
                   (SELECT json_group_array(t.tag) FROM (SELECT tag FROM memory_tags WHERE memory_id = m.id ORDER BY tag) t) AS Tags,
                   m.interaction_id AS InteractionId, a.sha256 AS MediaSha256, a.content_type AS MediaContentType,
                   m.latitude AS Latitude, m.longitude AS Longitude, m.place_name AS PlaceName,
                   m.mood_valence AS MoodValence, m.mood_score AS MoodScore, m.mood_emotion AS MoodEmotion, m.shared_by_name AS SharedByName
            FROM memories m LEFT JOIN media_assets a ON a.id = m.media_asset_id
            WHERE m.user_id = @userId ORDER BY m.id
            """;

        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string Content { get; init; } = "";
        public Instant OccurredAt { get; init; }
        public Instant CreatedAt { get; init; }
        public string? Tags { get; init; }
        public long InteractionId { get; init; }
        public string? MediaSha256 { get; init; }
        public string? MediaContentType { get; init; }
        public double? Latitude { get; init; }
        public double? Longitude { get; init; }
        public string? PlaceName { get; init; }
        public string? MoodValence { get; init; }
        public double? MoodScore { get; init; }
        public string? MoodEmotion { get; init; }
        public string? SharedByName { get; init; }
    }

    private sealed class TranscriptRow
    {
        public const string Select = """
            SELECT a.sha256 AS MediaSha256, tr.text AS Text, tr.engine AS Engine, tr.language AS Language, tr.confidence AS Confidence,
                   tr.low_confidence AS LowConfidence, tr.duration_ms AS DurationMs, tr.created_at AS CreatedAt
            FROM transcripts tr JOIN media_assets a ON a.id = tr.media_asset_id
            WHERE a.id IN (
                SELECT im.media_asset_id FROM interaction_media im JOIN interactions i ON i.id = im.interaction_id
                WHERE i.user_id = @userId AND im.media_asset_id IS NOT NULL
                UNION
                SELECT m.media_asset_id FROM memories m WHERE m.user_id = @userId AND m.media_asset_id IS NOT NULL)
            ORDER BY tr.id
            """;

        public string MediaSha256 { get; init; } = "";
        public string Text { get; init; } = "";
        public string Engine { get; init; } = "";
        public string? Language { get; init; }
        public double? Confidence { get; init; }
        public long LowConfidence { get; init; }
        public long? DurationMs { get; init; }
        public Instant CreatedAt { get; init; }
    }

    private sealed class ReminderRow
    {
        public const string Select = """
            SELECT id AS Id, what AS What, cron AS Cron, next_due_at AS NextDueAt, status AS Status, sent_count AS SentCount,
                   created_at AS CreatedAt, interaction_id AS InteractionId
            FROM reminders WHERE user_id = @userId ORDER BY id
            """;

        public long Id { get; init; }
        public string What { get; init; } = "";
        public string? Cron { get; init; }
        public Instant? NextDueAt { get; init; }
        public string Status { get; init; } = "";
        public int SentCount { get; init; }
        public Instant CreatedAt { get; init; }
        public long InteractionId { get; init; }
    }

    private sealed class PlaceRow
    {
        public const string Select = """
            SELECT name AS Name, latitude AS Latitude, longitude AS Longitude, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM saved_places WHERE user_id = @userId ORDER BY name
            """;

        public string Name { get; init; } = "";
        public double Latitude { get; init; }
        public double Longitude { get; init; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; init; }
    }
}
