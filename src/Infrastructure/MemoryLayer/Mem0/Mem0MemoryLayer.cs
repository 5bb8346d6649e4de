using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Memories;
using Microsoft.Extensions.Logging;
using NodaTime;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Mem0;

/// <summary>
/// Mem0's hosted platform over its REST API (v3 for add, search and list; v1 for events, get, delete, ping),
/// as documented in shared/reference/mem0.md. Users are known to Mem0 only by our opaque external id; each
/// memory carries metadata that leads back to our rows. Faults become <see cref="MemoryLayerUnavailableException"/>
/// (time may fix them) or <see cref="MemoryLayerRejectedException"/> (it will not).
/// </summary>
public sealed class Mem0MemoryLayer(HttpClient http, Mem0Options options, Mem0Status status, ILogger<Mem0MemoryLayer> logger) : IRemoteMemoryLayer
{
    public const string LayerName = "mem0";

    /// <summary>Marks the memories we add, so an operator can tell them from others in the same Mem0 project.</summary>
    public const string Source = "memory-assistant";

    private const int PageSize = 100;

    public string Name => LayerName;

    public bool AcceptsImages => options.Infer;

    public async Task<RemoteAddOutcome> AddAsync(MemoryToSync memory, CancellationToken cancellationToken)
    {
        var messages = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = memory.Content } };
        if (memory.Image is { } image && options.Infer)
        {
            messages.Add(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonObject
                {
                    ["type"] = "image_url",
                    ["image_url"] = new JsonObject { ["url"] = $"data:{image.ContentType};base64,{Convert.ToBase64String(image.Bytes)}" },
                },
            });
        }

        var metadata = new JsonObject
        {
            ["source"] = Source,
            ["memory_id"] = memory.MemoryId,
            ["interaction_id"] = memory.InteractionId,
            ["kind"] = memory.Kind.ToString().ToLowerInvariant(),
        };
        if (memory.MessageSid is { } sid)
            metadata["message_sid"] = sid;
        if (memory.MediaSha256 is { } sha)
            metadata["media_sha256"] = sha;
        if (memory.Tags.Count > 0)
            metadata["tags"] = new JsonArray(memory.Tags.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());

        var body = new JsonObject
        {
            ["messages"] = messages,
            ["user_id"] = memory.UserExternalId,
            ["metadata"] = metadata,
            ["infer"] = options.Infer,
            // When it happened, not when we sent it: Mem0 backdates created_at to this.
            ["timestamp"] = memory.OccurredAt.ToUnixTimeSeconds(),
            ["timezone"] = memory.TimeZoneId,
        };

        var root = await SendAsync(HttpMethod.Post, "v3/memories/add/", body, cancellationToken);
        if (root is JsonObject queued && Text(queued, "event_id") is { } eventId)
            return new RemoteAddOutcome.Queued(eventId);
        return new RemoteAddOutcome.Stored(ReadResults(root is JsonObject o ? o["results"] : root));
    }

    public async Task<RemoteEventOutcome> GetEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var root = await SendAsync(HttpMethod.Get, $"v1/event/{Uri.EscapeDataString(eventId)}/", null, cancellationToken) as JsonObject
            ?? throw Unexpected("event");
        var state = (Text(root, "status") ?? "").ToUpperInvariant();
        return state switch
        {
            "SUCCEEDED" => new RemoteEventOutcome.Succeeded(ReadResults(root["results"])),
            "FAILED" => new RemoteEventOutcome.Failed(Text(root, "error") ?? Text(root, "detail") ?? "the event failed"),
            _ => new RemoteEventOutcome.InProgress(state.Length == 0 ? "PENDING" : state),
        };
    }

    public async Task<IReadOnlyList<LayerMemory>> FindBySourceAsync(string userExternalId, long memoryId, CancellationToken cancellationToken)
    {
        var filters = new JsonObject
        {
            ["AND"] = new JsonArray
            {
                new JsonObject { ["user_id"] = userExternalId },
                new JsonObject { ["metadata"] = new JsonObject { ["memory_id"] = memoryId } },
            },
        };
        var page = await ListPageAsync(filters, 1, PageSize, cancellationToken);
        return page.Memories.Where(m => m.SourceMemoryId == memoryId).Select(m => new LayerMemory(m.LayerMemoryId, m.Text)).ToList();
    }

    public async Task<IReadOnlyList<RemoteMemoryHit>> SearchAsync(RemoteSearch search, CancellationToken cancellationToken)
    {
        // Entity ids go inside filters; "*" is Mem0's wildcard for an operator's search over every user.
        var conditions = new JsonArray { new JsonObject { ["user_id"] = search.UserExternalId ?? "*" } };
        if (search.From is { } from)
            conditions.Add(new JsonObject { ["created_at"] = new JsonObject { ["gte"] = WithOffset(from, search.Zone) } });
        if (search.To is { } to)
            conditions.Add(new JsonObject { ["created_at"] = new JsonObject { ["lt"] = WithOffset(to, search.Zone) } });
        var body = new JsonObject
        {
            ["query"] = search.Query,
            ["filters"] = conditions.Count == 1 ? conditions[0]!.DeepClone() : new JsonObject { ["AND"] = conditions },
            ["top_k"] = Math.Clamp(search.TopK, 1, 1000),
        };

        // Recall waits for Mem0 only so long: after that the local index answers.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.SearchTimeout);
        JsonNode? root;
        try
        {
            root = await SendAsync(HttpMethod.Post, "v3/memories/search/", body, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            status.Failed("search timed out");
            throw new MemoryLayerUnavailableException($"Mem0 did not answer a search within {options.SearchTimeout.TotalSeconds:0.#} s.");
        }

        var results = (root is JsonObject o ? o["results"] : root) as JsonArray ?? [];
        return results.OfType<JsonObject>()
            .Where(r => Text(r, "id") is not null)
            .Select(r => new RemoteMemoryHit(Text(r, "id")!, SourceMemoryId(r), Score(r), Text(r, "memory") ?? ""))
            .ToList();
    }

    public Task<RemoteMemoryPage> ListAsync(string userExternalId, int page, int pageSize, CancellationToken cancellationToken) =>
        ListPageAsync(new JsonObject { ["user_id"] = userExternalId }, page, pageSize, cancellationToken);

    public async Task<RemoteMemory?> GetAsync(string layerMemoryId, CancellationToken cancellationToken)
    {
        try
        {
            var root = await SendAsync(HttpMethod.Get, $"v1/memories/{Uri.EscapeDataString(layerMemoryId)}/", null, cancellationToken);
            return root is JsonObject o ? ReadMemory(o) : null;
        }
        catch (MemoryLayerRejectedException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string layerMemoryId, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"v1/memories/{Uri.EscapeDataString(layerMemoryId)}/", null, cancellationToken);
        }
        catch (MemoryLayerRejectedException ex) when (ex.StatusCode == 404)
        {
            // Already gone: deleting is idempotent for us.
        }
    }

    public async Task DeleteAllAsync(string userExternalId, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, $"v1/memories/?user_id={Uri.EscapeDataString(userExternalId)}", null, cancellationToken);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Get, "v1/ping/", null, cancellationToken);
            status.Pinged(true);
        }
        catch
        {
            status.Pinged(false);
            throw;
        }
    }

    private async Task<RemoteMemoryPage> ListPageAsync(JsonObject filters, int page, int pageSize, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"v3/memories/?page={Math.Max(page, 1)}&page_size={Math.Clamp(pageSize, 1, PageSize)}");
        var root = await SendAsync(HttpMethod.Post, path, new JsonObject { ["filters"] = filters }, cancellationToken);
        var results = (root is JsonObject o ? o["results"] : root) as JsonArray ?? [];
        var memories = results.OfType<JsonObject>().Select(ReadMemory).OfType<RemoteMemory>().ToList();
        var count = root is JsonObject c && c["count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : memories.Count;
        var hasNext = root is JsonObject p && p["next"] is JsonValue next && next.GetValueKind() == JsonValueKind.String;
        return new RemoteMemoryPage(count, memories, hasNext);
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = ex switch
            {
                BrokenCircuitException => "Mem0 failed repeatedly; calls pause for a while",
                TimeoutRejectedException or OperationCanceledException => "Mem0 did not answer in time",
                _ => $"Mem0 could not be reached ({ex.Message})",
            };
            status.Failed(reason);
            throw new MemoryLayerUnavailableException(reason, retryAfter: null, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var code = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || code >= 500)
            {
                var reason = $"Mem0 answered {code} to {method} /{path.Split('?')[0]}{Detail(text)}";
                status.Failed(reason);
                throw new MemoryLayerUnavailableException(reason, RetryAfter(response.Headers.RetryAfter));
            }

            if (!response.IsSuccessStatusCode)
            {
                var reason = $"Mem0 refused {method} /{path.Split('?')[0]} with {code}{Detail(text)}";
                if (code is 401 or 403)
                    status.Failed(reason);
                else
                    logger.LogWarning("{Reason}", reason);
                throw new MemoryLayerRejectedException(reason, code);
            }

            JsonNode? parsed = null;
            try
            {
                if (!string.IsNullOrWhiteSpace(text))
                    parsed = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // A proxy's HTML page, not Mem0: treat like an outage, the call is retried later.
                var reason = $"Mem0 answered {method} /{path.Split('?')[0]} with something that is not JSON.";
                status.Failed(reason);
                throw new MemoryLayerUnavailableException(reason);
            }

            status.Succeeded();
            return parsed;
        }
    }

    private static List<LayerMemory> ReadResults(JsonNode? results) =>
        (results as JsonArray ?? [])
            .OfType<JsonObject>()
            // Only what the layer holds now: NONE and DELETE events name nothing to link.
            .Where(r => Text(r, "event") is null or "ADD" or "UPDATE")
            .Select(r => (Id: Text(r, "id"), Text: (r["data"] as JsonObject) is { } data ? Text(data, "memory") : Text(r, "memory")))
            .Where(r => r.Id is not null)
            .Select(r => new LayerMemory(r.Id!, r.Text))
            .ToList();

    private static RemoteMemory? ReadMemory(JsonObject o) =>
        Text(o, "id") is { } id
            ? new RemoteMemory(
                id,
                Text(o, "user_id") ?? "",
                Text(o, "memory") ?? "",
                SourceMemoryId(o),
                Text(o, "created_at") is { } created && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue)
            : null;

    // Metadata comes back as we sent it, but tolerate a number rendered as a string.
    private static long? SourceMemoryId(JsonObject o)
    {
        if (o["metadata"] is not JsonObject metadata || metadata["memory_id"] is not JsonValue value)
            return null;
        if (value.TryGetValue<long>(out var n))
            return n;
        return value.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    private static double Score(JsonObject o) =>
        o["score"] is JsonValue v && v.TryGetValue<double>(out var score) && double.IsFinite(score) ? Math.Clamp(score, 0, 1) : 0;

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Mem0's date filters are compared as given: send the instant with the user's offset, explicitly.</summary>
    private static string WithOffset(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static string Detail(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && (Text(o, "detail") ?? Text(o, "error") ?? Text(o, "message")) is { } detail)
                return $": {(detail.Length > 200 ? detail[..200] : detail)}";
        }
        catch (JsonException)
        {
            // Not JSON: the status says enough.
        }

        return ".";
    }

    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };

    private static MemoryLayerUnavailableException Unexpected(string what) => new($"Mem0 answered the {what} request with an unexpected body.");
}
