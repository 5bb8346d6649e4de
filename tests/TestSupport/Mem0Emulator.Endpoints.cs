using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MemoryAssistant.TestSupport;

/// <summary>Routing and the endpoints of the hosted platform. Endpoint methods run under <c>_gate</c>.</summary>
public sealed partial class Mem0Emulator
{
    private const string StatusPending = "PENDING";
    private const string StatusRunning = "RUNNING";
    private const string StatusSucceeded = "SUCCEEDED";
    private const string StatusFailed = "FAILED";

    private static readonly string[] s_get = [HttpMethods.Get];
    private static readonly string[] s_post = [HttpMethods.Post];
    private static readonly string[] s_delete = [HttpMethods.Delete];
    private static readonly string[] s_getPutDelete = [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete];
    private static readonly string[] s_entityKeys = ["user_id", "agent_id", "app_id", "run_id"];
    private static readonly string[] s_roles = ["user", "assistant", "system"];

    private Reply Route(HttpRequest request, string body)
    {
        var path = request.Path.Value ?? "/";
        if (!path.EndsWith('/'))
        {
            return NotFound($"Not found: '{path}' has no trailing slash. Every Mem0 path ends in '/' (did you mean '{path}/'?).");
        }

        if (Match(path.Split('/')[1..^1]) is not var (methods, handle))
        {
            return NotFound("Not found.");
        }

        if (!methods.Contains(request.Method, StringComparer.Ordinal))
        {
            return Error(StatusCodes.Status405MethodNotAllowed, $"Method \"{request.Method}\" not allowed.") with
            {
                Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Allow"] = string.Join(", ", methods) },
            };
        }

        if (Authenticate(request) is { } denied)
        {
            return denied;
        }

        var payload = new JsonObject();
        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)) && !string.IsNullOrWhiteSpace(body))
        {
            if (!request.HasJsonContentType())
            {
                return Error(StatusCodes.Status415UnsupportedMediaType, $"Unsupported media type \"{request.ContentType}\" in request.");
            }

            try
            {
                if (JsonNode.Parse(body) is not JsonObject parsed)
                {
                    return BadRequest("The request body must be a JSON object.");
                }

                payload = parsed;
            }
            catch (JsonException e)
            {
                return BadRequest($"JSON parse error - {e.Message}");
            }
        }

        lock (_gate)
        {
            return handle(request, payload);
        }
    }

    private (string[] Methods, Func<HttpRequest, JsonObject, Reply> Handle)? Match(string[] segments) => segments switch
    {
        ["v1", "ping"] => (s_get, (_, _) => Ping()),
        ["v3", "memories", "add"] => (s_post, (_, body) => Add(body)),
        ["v3", "memories", "search"] => (s_post, (_, body) => Search(body)),
        ["v3", "memories"] => (s_post, (request, body) => List(body, request.Query)),
        ["v1", "event", var id] when id.Length > 0 => (s_get, (_, _) => PollEvent(id)),
        ["v1", "memories", var id] when id.Length > 0 => (s_getPutDelete, (request, body) => request.Method switch
        {
            "GET" => GetMemory(id),
            "PUT" => UpdateMemory(id, body),
            _ => DeleteMemory(id),
        }),
        ["v1", "memories"] => (s_delete, (request, _) => DeleteAll(request.Query)),
        _ => null,
    };

    private Reply? Authenticate(HttpRequest request)
    {
        const string scheme = "Token ";
        var header = request.Headers.Authorization;
        Reply Unauthorized(string detail) => Error(StatusCodes.Status401Unauthorized, detail) with
        {
            Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["WWW-Authenticate"] = "Token" },
        };

        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return Unauthorized("Authentication credentials were not provided. Send 'Authorization: Token <MEM0_API_KEY>'.");
        }

        var value = header.ToString();
        if (!value.StartsWith(scheme, StringComparison.Ordinal))
        {
            var given = value.Split(' ', 2)[0];
            return Unauthorized($"Invalid authorization header: Mem0 expects 'Token <MEM0_API_KEY>', not '{given} …'.");
        }

        return string.Equals(value[scheme.Length..], _apiKey, StringComparison.Ordinal) ? null : Unauthorized("Invalid API key.");
    }

    private static Reply Ping() => Ok(new JsonObject
    {
        ["status"] = "ok",
        ["org_id"] = OrgId,
        ["project_id"] = ProjectId,
        ["user_email"] = UserEmail,
    });

    private Reply Add(JsonObject body)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messageNodes)
        {
            return BadRequest("messages is required: a non-empty list of {\"role\", \"content\"} objects.");
        }

        if (!TryParseMessages(messageNodes, out var messages, out var error)
            || !TryReadEntities(body, out var entities, out error)
            || !TryReadMetadata(body["metadata"], out var metadata, out error)
            || !TryReadInfer(body["infer"], out var infer, out error)
            || !TryReadTimestamp(body["timestamp"], out var timestamp, out error))
        {
            return BadRequest(error);
        }

        if (entities.IsEmpty)
        {
            return BadRequest("At least one of user_id, agent_id, app_id or run_id is required.");
        }

        var now = Now();
        if (!infer)
        {
            if (messages.Exists(m => m.Parts.Any(p => p.IsImage)))
            {
                return BadRequest("Image messages require infer=true: Mem0 describes images with a vision model.");
            }

            var results = new JsonArray();
            foreach (var message in messages.Where(m => m.Role != "system"))
            {
                var text = string.Join('\n', message.Parts.Select(p => p.Text));
                if (!string.IsNullOrWhiteSpace(text))
                {
                    results.Add(ResultJson(Store(entities, text, metadata, timestamp ?? now, [])));
                }
            }

            _addCallsAccepted++;
            return Ok(new JsonObject { ["results"] = results });
        }

        var added = new AddEvent(NewId(), entities, metadata, timestamp, ExtractFacts(messages), _eventPollsBeforeDone, _failEvents, now);
        _events.Add(added.Id, added);
        _addCallsAccepted++;
        return Ok(new JsonObject { ["event_id"] = added.Id, ["status"] = StatusPending });
    }

    private Reply PollEvent(string id)
    {
        if (!_events.TryGetValue(id, out var polled))
        {
            return NotFound("Event not found.");
        }

        if (!polled.IsFinished)
        {
            polled.Polls++;
            if (polled.Polls > polled.PollsBeforeDone)
            {
                Finish(polled);
            }
            else
            {
                var status = polled.Polls == polled.PollsBeforeDone ? StatusRunning : StatusPending;
                if (status != polled.Status)
                {
                    polled.Status = status;
                    polled.UpdatedAt = Now();
                }
            }
        }

        return Ok(new JsonObject
        {
            ["id"] = polled.Id,
            ["event_type"] = "ADD",
            ["status"] = polled.Status,
            ["results"] = new JsonArray([.. polled.Results.Select(r => r.DeepClone())]),
            ["created_at"] = Render(polled.CreatedAt),
            ["updated_at"] = Render(polled.UpdatedAt),
        });
    }

    /// <summary>Stores the event's facts (the moment it turns SUCCEEDED), skipping those already held for its entities.</summary>
    private void Finish(AddEvent finishing)
    {
        var now = Now();
        finishing.UpdatedAt = now;
        if (finishing.Fail)
        {
            finishing.Status = StatusFailed;
            return;
        }

        foreach (var fact in finishing.Facts)
        {
            var key = DedupKey(fact.Text);
            if (_memories.Exists(m => finishing.Entities.Covers(m) && m.DedupKey == key))
            {
                continue;
            }

            IReadOnlyList<string> imageTypes = fact.ImageContentType is { } type ? [type] : [];
            finishing.Results.Add(ResultJson(Store(finishing.Entities, fact.Text, finishing.Metadata, finishing.Timestamp ?? now, imageTypes)));
        }

        finishing.Status = StatusSucceeded;
    }

    private Reply Search(JsonObject body)
    {
        if (!TryGetString(body["query"], out var query) || string.IsNullOrWhiteSpace(query))
        {
            return BadRequest("query is required and must be a non-empty string.");
        }

        if (!RejectTopLevelEntities(body, out var error)
            || !TryParseFilters(body, out var filter, out error)
            || !TryReadNumber(body["top_k"], "top_k", 10, 1, 1000, integer: true, out var topK, out error)
            || !TryReadNumber(body["threshold"], "threshold", 0.1, 0, 1, integer: false, out var threshold, out error)
            || !TryParseTopLevelNarrowing(body, out var narrowing, out error))
        {
            return BadRequest(error);
        }

        var queryTokens = Tokens(query);
        var hits = _memories
            .Where(m => filter(m) && narrowing(m))
            .Select(m => (Memory: m, Score: Score(queryTokens, m.Text)))
            .Where(hit => hit.Score >= threshold)
            .OrderByDescending(hit => hit.Score)
            .ThenByDescending(hit => hit.Memory.CreatedAt)
            .ThenByDescending(hit => hit.Memory.Sequence)
            .Take((int)topK)
            .Select(hit => (JsonNode)MemoryJson(hit.Memory, hit.Score));
        return Ok(new JsonObject { ["results"] = new JsonArray([.. hits]) });
    }

    private Reply List(JsonObject body, IQueryCollection query)
    {
        if (!TryReadQueryInt(query, "page", 1, int.MaxValue, out var page))
        {
            return NotFound("Invalid page.");
        }

        if (!TryReadQueryInt(query, "page_size", 100, 1000, out var pageSize))
        {
            return BadRequest("page_size must be an integer between 1 and 1000.");
        }

        if (!RejectTopLevelEntities(body, out var error) || !TryParseFilters(body, out var filter, out error))
        {
            return BadRequest(error);
        }

        var matches = _memories.Where(filter).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Sequence).ToList();
        var pages = Math.Max(1, (matches.Count + pageSize - 1) / pageSize);
        if (page > pages)
        {
            return NotFound("Invalid page.");
        }

        JsonNode? PageUrl(int number) => Url($"v3/memories/?page={number}&page_size={pageSize}").AbsoluteUri;
        return Ok(new JsonObject
        {
            ["count"] = matches.Count,
            ["next"] = page < pages ? PageUrl(page + 1) : null,
            ["previous"] = page > 1 ? PageUrl(page - 1) : null,
            ["results"] = new JsonArray([.. matches.Skip((page - 1) * pageSize).Take(pageSize).Select(m => (JsonNode)MemoryJson(m))]),
        });
    }

    private Reply GetMemory(string id) =>
        Find(id) is { } memory ? Ok(MemoryJson(memory)) : NotFound("Memory not found.");

    private Reply UpdateMemory(string id, JsonObject body)
    {
        if (Find(id) is not { } memory)
        {
            return NotFound("Memory not found.");
        }

        var hasText = body.ContainsKey("text");
        var hasMetadata = body.ContainsKey("metadata");
        if (!hasText && !hasMetadata)
        {
            return BadRequest("Provide text and/or metadata to update.");
        }

        string text = memory.Text;
        if (hasText && (!TryGetString(body["text"], out text) || string.IsNullOrWhiteSpace(text)))
        {
            return BadRequest("text must be a non-empty string.");
        }

        var metadata = memory.Metadata;
        if (hasMetadata && !TryReadMetadata(body["metadata"], out metadata, out var error))
        {
            return BadRequest(error);
        }

        memory.Text = text;
        memory.Metadata = (JsonObject)metadata.DeepClone();
        memory.UpdatedAt = Now();
        return Ok(MemoryJson(memory));
    }

    private Reply DeleteMemory(string id)
    {
        if (Find(id) is not { } memory)
        {
            return NotFound("Memory not found.");
        }

        _memories.Remove(memory);
        return Ok(new JsonObject { ["message"] = "Memory deleted successfully!" });
    }

    private Reply DeleteAll(IQueryCollection query)
    {
        string? Read(string key) => query.TryGetValue(key, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString() : null;
        var entities = new Entities(Read("user_id"), Read("agent_id"), Read("app_id"), Read("run_id"));
        if (entities.IsEmpty)
        {
            return BadRequest("At least one of user_id, agent_id, app_id or run_id is required to delete memories.");
        }

        _memories.RemoveAll(entities.Covers);
        return Ok(new JsonObject { ["message"] = "Memories deleted successfully!" });
    }

    private StoredMemory? Find(string id) => _memories.Find(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    private StoredMemory Store(Entities entities, string text, JsonObject metadata, DateTimeOffset createdAt, IReadOnlyList<string> imageContentTypes)
    {
        var memory = new StoredMemory(NewId(), ++_sequence, entities, createdAt)
        {
            Text = text,
            Metadata = (JsonObject)metadata.DeepClone(),
            UpdatedAt = createdAt,
            ImageContentTypes = imageContentTypes,
        };
        _memories.Add(memory);
        return memory;
    }

    private static JsonObject ResultJson(StoredMemory memory) => new()
    {
        ["id"] = memory.Id,
        ["data"] = new JsonObject { ["memory"] = memory.Text },
        ["event"] = "ADD",
    };

    private JsonObject MemoryJson(StoredMemory memory, double? score = null)
    {
        var json = new JsonObject
        {
            ["id"] = memory.Id,
            ["memory"] = memory.Text,
            ["user_id"] = memory.Entities.UserId,
        };
        if (score is { } value)
        {
            json["score"] = value;
        }

        json["metadata"] = memory.Metadata.Count == 0 ? null : memory.Metadata.DeepClone();
        json["categories"] = new JsonArray([.. memory.Categories.Select(c => (JsonNode)c)]);
        json["created_at"] = Render(memory.CreatedAt);
        json["updated_at"] = Render(memory.UpdatedAt);
        json["agent_id"] = memory.Entities.AgentId;
        json["app_id"] = memory.Entities.AppId;
        json["run_id"] = memory.Entities.RunId;
        return json;
    }

    private static bool RejectTopLevelEntities(JsonObject body, [NotNullWhen(false)] out string? error)
    {
        var misplaced = s_entityKeys.FirstOrDefault(body.ContainsKey);
        error = misplaced is null
            ? null
            : $"{misplaced} is not accepted at the top level in v3: entity ids go inside filters, e.g. {{\"filters\": {{\"{misplaced}\": \"...\"}}}}.";
        return error is null;
    }

    private static bool TryReadEntities(JsonObject body, out Entities entities, [NotNullWhen(false)] out string? error)
    {
        var values = new string?[s_entityKeys.Length];
        for (var i = 0; i < s_entityKeys.Length; i++)
        {
            var node = body[s_entityKeys[i]];
            if (node is null)
            {
                continue;
            }

            if (!TryGetString(node, out var value) || string.IsNullOrWhiteSpace(value))
            {
                entities = default;
                error = $"{s_entityKeys[i]} must be a non-empty string.";
                return false;
            }

            values[i] = value;
        }

        entities = new Entities(values[0], values[1], values[2], values[3]);
        error = null;
        return true;
    }

    private static bool TryReadMetadata(JsonNode? node, out JsonObject metadata, [NotNullWhen(false)] out string? error)
    {
        switch (node)
        {
            case null:
                metadata = [];
                error = null;
                return true;
            case JsonObject value:
                metadata = value;
                error = null;
                return true;
            default:
                metadata = [];
                error = "metadata must be an object.";
                return false;
        }
    }

    private static bool TryReadInfer(JsonNode? node, out bool infer, [NotNullWhen(false)] out string? error)
    {
        infer = true;
        error = null;
        if (node is null)
        {
            return true;
        }

        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            infer = node.GetValue<bool>();
            return true;
        }

        error = "infer must be a boolean.";
        return false;
    }

    private static bool TryReadTimestamp(JsonNode? node, out DateTimeOffset? timestamp, [NotNullWhen(false)] out string? error)
    {
        timestamp = null;
        error = null;
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var seconds)
            && seconds is >= 0 and <= 253_402_300_799)
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        error = "timestamp must be an integer Unix timestamp in seconds.";
        return false;
    }

    private static bool TryReadNumber(
        JsonNode? node, string name, double fallback, double min, double max, bool integer, out double value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (node is null)
        {
            return true;
        }

        var ok = false;
        if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            if (integer && number.TryGetValue<int>(out var whole))
            {
                value = whole;
                ok = true;
            }
            else if (!integer && number.TryGetValue<double>(out var fraction))
            {
                value = fraction;
                ok = true;
            }
        }

        ok = ok && value >= min && value <= max;
        if (!ok)
        {
            error = integer
                ? $"{name} must be an integer between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}."
                : $"{name} must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.";
        }

        return ok;
    }

    private static bool TryReadQueryInt(IQueryCollection query, string name, int fallback, int max, out int value)
    {
        value = fallback;
        if (!query.TryGetValue(name, out var raw))
        {
            return true;
        }

        return int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;
    }

    private static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue json && json.GetValueKind() == JsonValueKind.String)
        {
            value = json.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static bool TryParseMessages(JsonArray nodes, out List<Message> messages, [NotNullWhen(false)] out string? error)
    {
        messages = [];
        for (var i = 0; i < nodes.Count; i++)
        {
            var at = $"messages[{i}]";
            if (nodes[i] is not JsonObject message)
            {
                error = $"{at} must be an object with role and content.";
                return false;
            }

            if (!TryGetString(message["role"], out var role) || !s_roles.Contains(role, StringComparer.Ordinal))
            {
                error = $"{at}.role must be one of user, assistant, system.";
                return false;
            }

            var parts = new List<ContentPart>();
            switch (message["content"])
            {
                case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                    parts.Add(ContentPart.FromText(text.GetValue<string>()));
                    break;
                case JsonObject part:
                    if (!TryParsePart(part, $"{at}.content", out var parsed, out error))
                    {
                        return false;
                    }

                    parts.Add(parsed);
                    break;
                case JsonArray list when list.Count > 0:
                    for (var j = 0; j < list.Count; j++)
                    {
                        if (list[j] is not JsonObject item)
                        {
                            error = $"{at}.content[{j}] must be a content part object.";
                            return false;
                        }

                        if (!TryParsePart(item, $"{at}.content[{j}]", out var listed, out error))
                        {
                            return false;
                        }

                        parts.Add(listed);
                    }

                    break;
                default:
                    error = $"{at}.content must be a string, an image_url object or a non-empty list of content parts.";
                    return false;
            }

            messages.Add(new Message(role, parts));
        }

        error = null;
        return true;
    }

    private static bool TryParsePart(JsonObject part, string at, [NotNullWhen(true)] out ContentPart? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        TryGetString(part["type"], out var type);
        switch (type)
        {
            case "text":
                if (!TryGetString(part["text"], out var text))
                {
                    error = $"{at}.text must be a string.";
                    return false;
                }

                parsed = ContentPart.FromText(text);
                error = null;
                return true;

            case "image_url":
                if (part["image_url"] is not JsonObject image || !TryGetString(image["url"], out var url))
                {
                    error = $"{at}.image_url must be an object with a url.";
                    return false;
                }

                if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                {
                    return TryParseDataUri(url, at, out parsed, out error);
                }

                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                {
                    parsed = ContentPart.FromImage(null, 0);
                    error = null;
                    return true;
                }

                error = $"{at}.image_url.url must be an https URL or a base64 data URI (data:image/<type>;base64,...).";
                return false;

            default:
                error = $"{at}.type must be \"text\" or \"image_url\".";
                return false;
        }
    }

    private static bool TryParseDataUri(string url, string at, [NotNullWhen(true)] out ContentPart? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        error = $"{at}.image_url.url is not a valid base64 image data URI (data:image/<type>;base64,<data>).";
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return false;
        }

        var header = url[5..comma];
        const string base64Marker = ";base64";
        if (!header.EndsWith(base64Marker, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var mediaType = header[..^base64Marker.Length].Split(';')[0].Trim();
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        if (!mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || slash == mediaType.Length - 1
            || mediaType.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var payload = url[(comma + 1)..];
        var buffer = new byte[((payload.Length / 4) + 1) * 3];
        if (!Convert.TryFromBase64String(payload, buffer, out var length) || length == 0)
        {
            return false;
        }

#pragma warning disable CA1308 // Media types are conventionally lower case.
        parsed = ContentPart.FromImage(mediaType.ToLowerInvariant(), length);
#pragma warning restore CA1308
        error = null;
        return true;
    }

    private static List<PendingFact> ExtractFacts(List<Message> messages)
    {
        var facts = new List<PendingFact>();
        foreach (var part in messages.Where(m => m.Role != "system").SelectMany(m => m.Parts))
        {
            if (part.IsImage)
            {
                facts.Add(part.ImageContentType is { } type
                    ? new PendingFact($"Shared an image ({type}, {part.ImageBytes.ToString(CultureInfo.InvariantCulture)} bytes)", type)
                    : new PendingFact("Shared an image", null));
                continue;
            }

            facts.AddRange(Sentences(part.Text).Select(sentence => new PendingFact(sentence, null)));
        }

        return facts;
    }

    /// <summary>The md5 Mem0 compares (of the trimmed, lower-cased text), reduced to what it decides: case-insensitive equality.</summary>
    private static string DedupKey(string text) => text.Trim().ToUpperInvariant();

    private readonly record struct Entities(string? UserId, string? AgentId, string? AppId, string? RunId)
    {
        public bool IsEmpty => UserId is null && AgentId is null && AppId is null && RunId is null;

        /// <summary>True when the memory carries every entity id given here.</summary>
        public bool Covers(StoredMemory memory) =>
            (UserId is null || UserId == memory.Entities.UserId)
            && (AgentId is null || AgentId == memory.Entities.AgentId)
            && (AppId is null || AppId == memory.Entities.AppId)
            && (RunId is null || RunId == memory.Entities.RunId);

        public string? Get(string key) => key switch
        {
            "user_id" => UserId,
            "agent_id" => AgentId,
            "app_id" => AppId,
            "run_id" => RunId,
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not an entity id."),
        };
    }

    private sealed record Message(string Role, IReadOnlyList<ContentPart> Parts);

    private sealed record ContentPart(string Text, bool IsImage, string? ImageContentType, int ImageBytes)
    {
        public static ContentPart FromText(string text) => new(text, false, null, 0);

        public static ContentPart FromImage(string? contentType, int bytes) => new(string.Empty, true, contentType, bytes);
    }

    private sealed record PendingFact(string Text, string? ImageContentType);

    private sealed class StoredMemory(string id, long sequence, Entities entities, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public long Sequence { get; } = sequence;

        public Entities Entities { get; } = entities;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public required string Text
        {
            get;
            set
            {
                field = value;
                DedupKey = Mem0Emulator.DedupKey(value);
            }
        }

        public string DedupKey { get; private set; } = string.Empty;

        public required JsonObject Metadata { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public IReadOnlyList<string> ImageContentTypes { get; init; } = [];

        public IReadOnlyList<string> Categories { get; set; } = [];

        public Mem0StoredMemory ToRecord() =>
            new(Id, Entities.UserId ?? string.Empty, Text, (JsonObject)Metadata.DeepClone(), CreatedAt, ImageContentTypes)
            {
                AgentId = Entities.AgentId,
                AppId = Entities.AppId,
                RunId = Entities.RunId,
                UpdatedAt = UpdatedAt,
                Categories = Categories,
            };
    }

    private sealed class AddEvent(
        string id, Entities entities, JsonObject metadata, DateTimeOffset? timestamp, IReadOnlyList<PendingFact> facts, int pollsBeforeDone, bool fail, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public Entities Entities { get; } = entities;

        public JsonObject Metadata { get; } = (JsonObject)metadata.DeepClone();

        public DateTimeOffset? Timestamp { get; } = timestamp;

        public IReadOnlyList<PendingFact> Facts { get; } = facts;

        public int PollsBeforeDone { get; } = pollsBeforeDone;

        public bool Fail { get; } = fail;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public string Status { get; set; } = StatusPending;

        public int Polls { get; set; }

        public List<JsonObject> Results { get; } = [];

        public bool IsFinished => Status is StatusSucceeded or StatusFailed;
    }
}
