using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dapper;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.Persistence;
using MemoryAssistant.Infrastructure.Twilio;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Simulator;

/// <summary>
/// <c>/simulator</c>: a WhatsApp-like page that sends messages through the real <c>/webhook</c>, shaped and
/// signed exactly as Twilio sends them, with attachments served from <c>/simulator/media/{file}</c>.
/// </summary>
public static partial class SimulatorEndpoints
{
    public const long MaxFileBytes = 16 * 1024 * 1024;
    private const string ResourcePrefix = "MemoryAssistant.Api.Simulator.Assets.";
    private const string SandboxNumber = "whatsapp:+14155238886";

    private static readonly Dictionary<string, string> s_assetTypes = new(StringComparer.Ordinal)
    {
        ["simulator.css"] = "text/css; charset=utf-8",
        ["simulator.js"] = "text/javascript; charset=utf-8",
    };

    private static readonly Dictionary<string, string> s_extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = ".jpg", ["image/png"] = ".png", ["image/gif"] = ".gif", ["image/webp"] = ".webp",
        ["audio/ogg"] = ".ogg", ["audio/webm"] = ".webm", ["audio/mpeg"] = ".mp3", ["audio/mp4"] = ".m4a",
        ["audio/wav"] = ".wav", ["video/mp4"] = ".mp4", ["application/pdf"] = ".pdf",
    };

    public static WebApplication MapSimulator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!SimulatorOptions.From(app.Configuration, app.Environment).Enabled)
            return app;

        var storage = app.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var mediaDirectory = Path.Combine(Path.GetFullPath(storage.DataDirectory), "simulator-media");
        var page = new SimulatorAccessFilter(pageOnly: true);
        var api = new SimulatorAccessFilter(pageOnly: false);
        var group = app.MapGroup("/simulator").ExcludeFromDescription();

        group.MapGet("", () => Asset("index.html", "text/html; charset=utf-8")).AddEndpointFilter(page);
        group.MapGet("/assets/{name}", (string name) =>
            s_assetTypes.TryGetValue(name, out var type) ? Asset(name, type) : Results.NotFound()).AddEndpointFilter(page);
        group.MapPost("/messages", (HttpContext http, IHttpClientFactory clients, IOptions<TwilioOptions> twilio, CancellationToken ct) =>
            SendAsync(http, clients, twilio.Value, mediaDirectory, ct)).AddEndpointFilter(api);
        group.MapGet("/outbox", (string? user, long? after, IReadDbConnectionFactory connections, CancellationToken ct) =>
            OutboxAsync(user, after, connections, ct)).AddEndpointFilter(api);
        // No key: the app's own media downloader fetches these. The 128-bit random name is the capability.
        group.MapGet("/media/{file}", (string file) => Media(mediaDirectory, file));
        return app;
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = typeof(SimulatorEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }

    private static IResult Media(string directory, string file)
    {
        // Only names this endpoint created: 32 hex digits and a known extension, so no path can be smuggled in.
        if (!MediaName().IsMatch(file))
            return Results.NotFound();
        var extension = Path.GetExtension(file);
        var contentType = s_extensions.FirstOrDefault(e => e.Value == extension).Key ?? "application/octet-stream";
        var path = Path.Combine(directory, file);
        return File.Exists(path) ? Results.File(path, contentType) : Results.NotFound();
    }

    private static async Task<IResult> SendAsync(HttpContext http, IHttpClientFactory clients, TwilioOptions twilio, string mediaDirectory, CancellationToken ct)
    {
        var request = http.Request;
        if (!request.HasFormContentType)
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Post multipart/form-data.");
        var form = await request.ReadFormAsync(ct);
        if (!WhatsAppNumber.TryParse(form["from"].ToString(), out var from))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid phone number", detail: "'from' must be E.164, such as +14155550100.");
        if (form.Files.Count > ReceiveWhatsAppMessageCommandValidator.MaxAttachments)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Too many attachments", detail: $"WhatsApp allows {ReceiveWhatsAppMessageCommandValidator.MaxAttachments}.");
        if (form.Files.FirstOrDefault(f => f.Length > MaxFileBytes) is { } tooBig)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Attachment too large", detail: $"'{tooBig.FileName}' is over WhatsApp's 16 MiB limit.");

        var selfBase = $"{request.Scheme}://{request.Host}";
        var publicBase = string.IsNullOrWhiteSpace(http.RequestServices.GetRequiredService<IConfiguration>()["PublicBaseUrl"])
            ? selfBase
            : http.RequestServices.GetRequiredService<IConfiguration>()["PublicBaseUrl"]!.TrimEnd('/');

        var messageSid = "SM" + Guid.NewGuid().ToString("N");
        var name = form["name"].ToString();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("SmsMessageSid", messageSid),
            new("NumMedia", form.Files.Count.ToString(CultureInfo.InvariantCulture)),
            new("ProfileName", name.Length == 0 ? "Simulator" : name),
            new("MessageType", MessageType(form.Files)),
            new("SmsSid", messageSid),
            new("WaId", from.Value.TrimStart('+')),
            new("SmsStatus", "received"),
            new("Body", form["text"].ToString()),
            new("To", SandboxNumber),
            new("NumSegments", "1"),
            new("ReferralNumMedia", "0"),
            new("MessageSid", messageSid),
            new("AccountSid", string.IsNullOrWhiteSpace(twilio.AccountSid) ? "AC" + new string('0', 32) : twilio.AccountSid),
            new("From", from.ChannelAddress),
            new("ApiVersion", "2010-04-01"),
        };
        Directory.CreateDirectory(mediaDirectory);
        for (var i = 0; i < form.Files.Count; i++)
        {
            var file = form.Files[i];
            var contentType = MediaType(file.ContentType);
            var stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + (s_extensions.TryGetValue(contentType, out var ext) ? ext : ".bin");
            await using (var target = File.Create(Path.Combine(mediaDirectory, stored)))
                await file.CopyToAsync(target, ct);
            fields.Add(new($"MediaContentType{i}", contentType));
            fields.Add(new($"MediaUrl{i}", $"{publicBase}/simulator/media/{stored}"));
        }

        using var webhook = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(selfBase), "/webhook")) { Content = new FormUrlEncodedContent(fields) };
        if (!string.IsNullOrEmpty(twilio.AuthToken))
            webhook.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(twilio.AuthToken, publicBase + "/webhook", fields));
        using var response = await clients.CreateClient(SimulatorRegistration.WebhookClientName).SendAsync(webhook, ct);
        var twiml = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: $"The webhook answered {(int)response.StatusCode}", detail: twiml);

        var doc = XDocument.Parse(twiml);
        var reply = string.Join("\n\n", doc.Descendants("Body").Select(b => b.Value));
        return Results.Ok(new SimulatorReply(messageSid, reply, [.. doc.Descendants("Media").Select(m => m.Value.Trim())]));
    }

    private static async Task<IResult> OutboxAsync(string? user, long? after, IReadDbConnectionFactory connections, CancellationToken ct)
    {
        if (!WhatsAppNumber.TryParse(user, out var number))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid phone number", detail: "'user' must be E.164, such as +14155550100.");

        await using var connection = await connections.OpenAsync(ct);
        var cursor = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(id) FROM interactions", cancellationToken: ct)) ?? 0;
        if (after is null)
            return Results.Ok(new SimulatorOutbox(cursor, [])); // the page's starting point: only what comes next

        var messages = await connection.QueryAsync<SimulatorOutboxMessage>(new CommandDefinition(
            """
            SELECT i.id AS Id, i.body AS Body, i.received_at AS SentAtUnixMs
            FROM interactions i JOIN users u ON u.id = i.user_id
            WHERE u.whatsapp_number = @Number AND i.direction = 'outbound' AND i.id > @After AND i.id <= @Cursor
            ORDER BY i.id
            """,
            new { Number = number.Value, After = after.Value, Cursor = cursor }, cancellationToken: ct));
        return Results.Ok(new SimulatorOutbox(Math.Max(cursor, after.Value), [.. messages]));
    }

    private static string MediaType(string? contentType) =>
        (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant() is { Length: > 0 } type ? type : "application/octet-stream";

    private static string MessageType(IFormFileCollection files) =>
        files.Count == 0 ? "text"
        : MediaType(files[0].ContentType) switch
        {
            var t when t.StartsWith("image/", StringComparison.Ordinal) => "image",
            var t when t.StartsWith("audio/", StringComparison.Ordinal) => "audio",
            var t when t.StartsWith("video/", StringComparison.Ordinal) => "video",
            _ => "document",
        };

    [GeneratedRegex("^[0-9a-f]{32}\\.[a-z0-9]{2,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaName();
}

public sealed record SimulatorReply(string MessageSid, string Reply, IReadOnlyList<string> MediaUrls);

public sealed record SimulatorOutbox(long Cursor, IReadOnlyList<SimulatorOutboxMessage> Messages);

public sealed record SimulatorOutboxMessage(long Id, string Body, long SentAtUnixMs);
