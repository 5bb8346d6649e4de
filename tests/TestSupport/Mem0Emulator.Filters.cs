using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MemoryAssistant.TestSupport;

/// <summary>
/// The v3 filter grammar (a condition object, or <c>AND</c>/<c>OR</c>/<c>NOT</c> lists of them, nested), the
/// deterministic stand-ins for fact extraction, and the word-overlap score.
/// </summary>
public sealed partial class Mem0Emulator
{
    private const string SupportedFilterKeys =
        "AND, OR, NOT, user_id, agent_id, app_id, run_id, created_at, updated_at, timestamp, memory_ids, metadata, categories";

    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "did", "do",
        "does", "for", "from", "had", "has", "have", "he", "her", "him", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "just", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we", "were", "what", "when",
        "where", "which", "who", "whom", "why", "will", "with", "you", "your",
    };

    private static readonly string[] s_suffixes = ["ing", "ed", "es", "s"];

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[.!?\r\n]+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDatePrefix();

    /// <summary>Reads <c>filters</c> (required) and checks that it names an entity id somewhere.</summary>
    private static bool TryParseFilters(JsonObject body, [NotNullWhen(true)] out Func<StoredMemory, bool>? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        if (body["filters"] is not { } filters)
        {
            error = "filters is required";
            return false;
        }

        var scope = new FilterScope();
        if (!TryParseFilter(filters, "filters", scope, out filter, out error))
        {
            return false;
        }

        if (!scope.ReferencesEntity)
        {
            filter = null;
            error = "filters must include at least one entity id (user_id, agent_id, app_id or run_id), e.g. {\"user_id\": \"u1\"}; use \"*\" to match any.";
            return false;
        }

        return true;
    }

    private static bool TryParseFilter(
        JsonNode? node, string at, FilterScope scope, [NotNullWhen(true)] out Func<StoredMemory, bool>? predicate, [NotNullWhen(false)] out string? error)
    {
        predicate = null;
        if (node is not JsonObject conditions)
        {
            error = $"{at} must be an object of conditions, or AND/OR/NOT lists of them.";
            return false;
        }

        var hasAnd = conditions.ContainsKey("AND");
        var parts = new List<Func<StoredMemory, bool>>();
        foreach (var (key, value) in conditions)
        {
            var keyAt = $"{at}.{key}";
            Func<StoredMemory, bool>? part;
            switch (key)
            {
                case "OR" when hasAnd:
                    // The platform silently drops an OR that is a sibling of AND: nest OR inside AND instead.
                    continue;
                case "AND" or "OR" or "NOT":
                    if (!TryParseLogical(key, value, keyAt, scope, out part, out error))
                    {
                        return false;
                    }

                    break;
                case "user_id" or "agent_id" or "app_id" or "run_id":
                    scope.ReferencesEntity = true;
                    if (!TryParseEntity(key, value, keyAt, out part, out error))
                    {
                        return false;
                    }

                    break;
                case "created_at" or "updated_at" or "timestamp":
                    if (!TryParseDateRange(key, value, keyAt, out part, out error))
                    {
                        return false;
                    }

                    break;
                case "memory_ids":
                    if (value is not JsonObject { Count: 1 } ids || !TryReadStringList(ids["in"], out var idList))
                    {
                        error = $"{keyAt} must be {{\"in\": [\"<memory id>\", ...]}}.";
                        return false;
                    }

                    part = m => idList.Contains(m.Id);
                    break;
                case "metadata":
                    if (!TryParseMetadataFilter(value, keyAt, out part, out error))
                    {
                        return false;
                    }

                    break;
                case "categories":
                    if (!TryParseCategories(value, keyAt, out part, out error))
                    {
                        return false;
                    }

                    break;
                default:
                    error = $"Unsupported filter key '{key}' in {at}. Supported keys: {SupportedFilterKeys}.";
                    return false;
            }

            parts.Add(part);
        }

        predicate = m => parts.TrueForAll(p => p(m));
        error = null;
        return true;
    }

    private static bool TryParseLogical(
        string op, JsonNode? value, string at, FilterScope scope, [NotNullWhen(true)] out Func<StoredMemory, bool>? predicate, [NotNullWhen(false)] out string? error)
    {
        predicate = null;
        if (value is not JsonArray { Count: > 0 } list)
        {
            error = $"{at} must be a non-empty list of condition objects.";
            return false;
        }

        var children = new List<Func<StoredMemory, bool>>();
        for (var i = 0; i < list.Count; i++)
        {
            if (!TryParseFilter(list[i], $"{at}[{i}]", scope, out var child, out error))
            {
                return false;
            }

            children.Add(child);
        }

        predicate = op switch
        {
            "AND" => m => children.TrueForAll(c => c(m)),
            "OR" => m => children.Exists(c => c(m)),
            _ => m => !children.Exists(c => c(m)),
        };
        error = null;
        return true;
    }

    private static bool TryParseEntity(
        string key, JsonNode? value, string at, [NotNullWhen(true)] out Func<StoredMemory, bool>? predicate, [NotNullWhen(false)] out string? error)
    {
        predicate = null;
        error = $"{at} must be a string, \"*\", {{\"in\": [...]}} or {{\"ne\": \"...\"}}.";
        if (TryGetString(value, out var exact) && exact.Length > 0)
        {
            predicate = exact == "*"
                ? m => m.Entities.Get(key) is not null
                : m => m.Entities.Get(key) == exact;
            error = null;
            return true;
        }

        if (value is not JsonObject { Count: > 0 } operators)
        {
            return false;
        }

        var parts = new List<Func<StoredMemory, bool>>();
        foreach (var (op, operand) in operators)
        {
            switch (op)
            {
                case "in" when TryReadStringList(operand, out var set):
                    parts.Add(m => m.Entities.Get(key) is { } id && set.Contains(id));
                    break;
                case "ne" when TryGetString(operand, out var excluded):
                    parts.Add(m => m.Entities.Get(key) != excluded);
                    break;
                default:
                    return false;
            }
        }

        predicate = m => parts.TrueForAll(p => p(m));
        error = null;
        return true;
    }

    private static bool TryParseDateRange(
        string key, JsonNode? value, string at, [NotNullWhen(true)] out Func<StoredMemory, bool>? predicate, [NotNullWhen(false)] out string? error)
    {
        predicate = null;
        error = $"{at} must be an object of gte/gt/lte/lt bounds with ISO-8601 date-times, e.g. {{\"gte\": \"2026-11-16T00:00:00+01:00\"}}.";
        if (value is not JsonObject { Count: > 0 } bounds)
        {
            return false;
        }

        Func<StoredMemory, DateTimeOffset> field = key == "updated_at" ? m => m.UpdatedAt : m => m.CreatedAt;
        var parts = new List<Func<StoredMemory, bool>>();
        foreach (var (op, operand) in bounds)
        {
            if (!TryReadInstant(operand, out var bound))
            {
                error = $"{at}.{op} must be an ISO-8601 date-time (a value without an offset is read as UTC) or Unix seconds.";
                return false;
            }

            Func<StoredMemory, bool>? part = op switch
            {
                "gte" => m => field(m) >= bound,
                "gt" => m => field(m) > bound,
                "lte" => m => field(m) <= bound,
                "lt" => m => field(m) < bound,
                _ => null,
            };
            if (part is null)
            {
                return false;
            }

            parts.Add(part);
        }

        predicate = m => parts.TrueForAll(p => p(m));
        error = null;
        return true;
    }

    private static bool TryReadInstant(JsonNode? node, out DateTimeOffset instant)
    {
        instant = default;
        if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            if (number.TryGetValue<long>(out var seconds) && seconds is >= 0 and <= 253_402_300_799)
            {
                instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return true;
            }

            return false;
        }

        return TryGetString(node, out var text)
            && IsoDatePrefix().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    private static bool TryParseMetadataFilter(
        JsonNode? value, string at, [NotNullWhen(true)] out Func<StoredMemory, bool>? predicate, [NotNullWhen(false)] out string? error)
    {
        predicate = null;
        if (value is not JsonObject { Count: > 0 } fields)
        {
            error = $"{at} must be an object of metadata fields and the values they must equal.";
            return false;
        }

        var expected = fields.Select(f => (Key: f.Key, Value: f.Value?.DeepClone())).ToList();
        predicate = m => expected.TrueForAll(e => m.Metadata.TryGetPropertyValue(e.Key, out var actual) && JsonNode.DeepEquals(actual, e.Value));
        error = null;
        return true;
    }

    private static bool TryParseCategories(
        JsonNode? value, string at, [NotNullWhen(true)] out Func<StoredMemory, bool>? predicate, [NotNullWhen(false)] out string? error)
    {
        predicate = null;
        error = $"{at} must be {{\"contains\": \"...\"}}, {{\"icontains\": \"...\"}} or {{\"in\": [...]}}.";
        if (value is not JsonObject { Count: > 0 } operators)
        {
            return false;
        }

        var parts = new List<Func<StoredMemory, bool>>();
        foreach (var (op, operand) in operators)
        {
            switch (op)
            {
                case "contains" when TryGetString(operand, out var category):
                    parts.Add(m => m.Categories.Contains(category, StringComparer.Ordinal));
                    break;
                case "icontains" when TryGetString(operand, out var category):
                    parts.Add(m => m.Categories.Contains(category, StringComparer.OrdinalIgnoreCase));
                    break;
                case "in" when TryReadStringList(operand, out var set):
                    parts.Add(m => m.Categories.Any(set.Contains));
                    break;
                default:
                    return false;
            }
        }

        predicate = m => parts.TrueForAll(p => p(m));
        error = null;
        return true;
    }

    /// <summary>Optional top-level <c>metadata</c> (equality) and <c>categories</c> (any of) that narrow a search.</summary>
    private static bool TryParseTopLevelNarrowing(JsonObject body, out Func<StoredMemory, bool> narrowing, [NotNullWhen(false)] out string? error)
    {
        narrowing = _ => true;
        Func<StoredMemory, bool>? byMetadata = null;
        if (body["metadata"] is { } metadata && !TryParseMetadataFilter(metadata, "metadata", out byMetadata, out error))
        {
            return false;
        }

        HashSet<string>? categories = null;
        if (body["categories"] is { } list && !TryReadStringList(list, out categories))
        {
            error = "categories must be a non-empty list of strings.";
            return false;
        }

        narrowing = m => (byMetadata is null || byMetadata(m)) && (categories is null || m.Categories.Any(categories.Contains));
        error = null;
        return true;
    }

    private static bool TryReadStringList(JsonNode? node, [NotNullWhen(true)] out HashSet<string>? values)
    {
        values = null;
        if (node is not JsonArray { Count: > 0 } list)
        {
            return false;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (!TryGetString(item, out var value))
            {
                return false;
            }

            set.Add(value);
        }

        values = set;
        return true;
    }

    private static IEnumerable<string> Sentences(string text) =>
        SentenceBreak().Split(text).Select(s => s.Trim()).Where(s => s.Length >= 3);

    private static HashSet<string> Tokens(string text)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in WordPattern().EnumerateMatches(text))
        {
#pragma warning disable CA1308 // Tokens are compared lower-cased, like the documented scoring.
            var word = text.Substring(match.Index, match.Length).ToLowerInvariant();
#pragma warning restore CA1308
            if (!s_stopWords.Contains(word))
            {
                tokens.Add(Stem(word));
            }
        }

        return tokens;
    }

    private static string Stem(string word)
    {
        foreach (var suffix in s_suffixes)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    /// <summary>|query ∩ memory| / |query| over tokens, rounded to 4 places (0 for a query of only stop words).</summary>
    private static double Score(HashSet<string> queryTokens, string memory)
    {
        if (queryTokens.Count == 0)
        {
            return 0;
        }

        var memoryTokens = Tokens(memory);
        var overlap = queryTokens.Count(memoryTokens.Contains);
        return Math.Round((double)overlap / queryTokens.Count, 4, MidpointRounding.AwayFromZero);
    }

    private sealed class FilterScope
    {
        public bool ReferencesEntity { get; set; }
    }
}
