using Dapper;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>Read-only looks into the app's SQLite file, for what the API does not show (outbound rows, jobs).</summary>
public static class Database
{
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this ApiFactory app, string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public static async Task<long> CountAsync(this ApiFactory app, string sql, object? parameters = null) =>
        (await app.QueryAsync<long>(sql, parameters)).Single();

    /// <summary>Outbound messages the assistant sent on its own, oldest first.</summary>
    public static Task<IReadOnlyList<SentMessage>> SentAsync(this ApiFactory app, string? purpose = null) =>
        app.QueryAsync<SentMessage>(
            """
            SELECT o.id AS Id, u.whatsapp_number AS Recipient, o.purpose AS Purpose, o.body AS Body, o.status AS Status,
                   o.used_template AS UsedTemplate, o.error_code AS ErrorCode, o.error AS Error, o.dedupe_key AS DedupeKey, o.sent_at AS SentAt
            FROM outbound_messages o JOIN users u ON u.id = o.user_id
            WHERE @purpose IS NULL OR o.purpose = @purpose ORDER BY o.id
            """, new { purpose });
}

public sealed class SentMessage
{
    public long Id { get; init; }
    public string Recipient { get; init; } = "";
    public string Purpose { get; init; } = "";
    public string Body { get; init; } = "";
    public string Status { get; init; } = "";
    public bool UsedTemplate { get; init; }
    public long? ErrorCode { get; init; }
    public string? Error { get; init; }
    public string DedupeKey { get; init; } = "";
    public long? SentAt { get; init; }
}
