using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests.Users;

/// <summary>Helpers shared by the export and erase tests: media through the signed webhook, direct reads of the SQLite file, ZIPs.</summary>
internal static class UserDataFixtures
{
    /// <summary>Sends one attachment (published on the shared fake Twilio) and returns the reply's text.</summary>
    public static async Task<string> SendMediaAsync(this WhatsAppClient whatsapp, string caption, byte[] bytes, string contentType)
    {
        var form = whatsapp.Form(caption, WhatsAppClient.NewMessageSid("MM"));
        form["NumMedia"] = "1";
        form["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(bytes, contentType);
        form["MediaContentType0"] = contentType;
        using var response = await whatsapp.PostAsync(form);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return WhatsAppClient.ReplyText(body);
    }

    public static long UserIdOf(this ApiFactory app, string number) =>
        app.Scalar<long>("SELECT id FROM users WHERE whatsapp_number = $p", number);

    public static string ExternalIdOf(this ApiFactory app, string number) =>
        app.Scalar<string>("SELECT external_id FROM users WHERE whatsapp_number = $p", number);

    /// <summary>One value read directly from the app's SQLite file (not through the API under test).</summary>
    public static T Scalar<T>(this ApiFactory app, string sql, object? parameter = null)
    {
        using var connection = Open(app);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
            command.Parameters.AddWithValue("$p", parameter);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first column of every row.</summary>
    public static IReadOnlyList<object?> Column(this ApiFactory app, string sql)
    {
        using var connection = Open(app);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<object?>();
        while (reader.Read())
            values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }

    /// <summary>Every table of the schema with its columns and their declared types (FTS5 shadow tables included).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Type)>> Tables(this ApiFactory app)
    {
        var tables = app.Column("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").Cast<string>().ToList();
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        using var connection = Open(app);
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name, type FROM pragma_table_info('{table}')";
            using var reader = command.ExecuteReader();
            var columns = new List<(string, string)>();
            while (reader.Read())
                columns.Add((reader.GetString(0), reader.GetString(1)));
            result[table] = columns;
        }

        return result;
    }

    /// <summary>
    /// "table.column" of every column, of every table (FTS5's own storage included, blobs read as text), where some
    /// cell contains <paramref name="needle"/>.
    /// </summary>
    public static IReadOnlyList<string> ColumnsContaining(this ApiFactory app, string needle)
    {
        var hits = new List<string>();
        using var connection = Open(app);
        foreach (var (table, columns) in app.Tables())
        {
            foreach (var (column, _) in columns)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS TEXT), $needle) > 0";
                command.Parameters.AddWithValue("$needle", needle);
                if ((long)command.ExecuteScalar()! > 0)
                    hits.Add($"{table}.{column}");
            }
        }

        return hits;
    }

    public static JsonElement Json(this ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        entry.Should().NotBeNull("the export should hold {0}", path);
        using var stream = entry!.Open();
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    public static byte[] Bytes(this ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        entry.Should().NotBeNull("the export should hold {0}", path);
        using var stream = entry!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static SqliteConnection Open(ApiFactory app)
    {
        var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
