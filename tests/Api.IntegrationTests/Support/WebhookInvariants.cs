using System.Net;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>What every webhook answer must leave behind: a whole interaction for its MessageSid, or nothing at all.</summary>
public static class WebhookInvariants
{
    public sealed record InboundRow(long Count, string? Status, string? Reply);

    /// <summary>The inbound interaction rows for <paramref name="messageSid"/>, read directly from SQLite.</summary>
    public static InboundRow InboundFor(this ApiFactory app, string messageSid)
    {
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), max(status), max(reply) FROM interactions WHERE message_sid = $sid AND direction = 'inbound'";
        command.Parameters.AddWithValue("$sid", messageSid);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new InboundRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>
    /// Null when the answer and the database agree: never a 5xx; a 2xx left exactly one finished interaction
    /// (acknowledged or processed, with its reply); a refusal left none. Otherwise why not.
    /// </summary>
    public static string? Violation(this ApiFactory app, string messageSid, HttpStatusCode status)
    {
        if ((int)status >= 500)
            return $"answered {(int)status}";
        var row = app.InboundFor(messageSid);
        if ((int)status is >= 200 and < 300)
        {
            if (row.Count != 1)
                return $"accepted ({(int)status}) but {row.Count} inbound rows for {messageSid}";
            if (row.Status is not ("acknowledged" or "processed") || row.Reply is null)
                return $"accepted but the row is partial: status={row.Status ?? "null"}, reply={(row.Reply is null ? "null" : "set")}";
            return null;
        }

        return row.Count == 0 ? null : $"refused ({(int)status}) but {row.Count} inbound rows for {messageSid}";
    }
}
