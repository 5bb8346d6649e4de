using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Memories;
using UserTimeZones = MemoryAssistant.Domain.Users.TimeZones;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace MemoryAssistant.Infrastructure.Conversations;

/// <summary>
/// A chat model through Microsoft.Extensions.AI (<c>POST {base}/chat/completions</c> on any OpenAI-compatible
/// server). <see cref="InterpretAsync"/> makes the model pick one declared tool (never invoked: the tool call is only
/// read as an intent); <see cref="AnswerAsync"/> writes a short answer from the numbered memories it is given.
/// Every failure (HTTP error, timeout, nonsense) is logged and gives null, so the rules and templates take over.
/// </summary>
public sealed class ChatConversationModel : IConversationModel
{
    /// <summary>WhatsApp shows long messages badly; the answer is meant to be three lines anyway.</summary>
    public const int MaxAnswerLength = 1600;

    /// <summary>A memory longer than this (a long transcript) is shortened in the prompt.</summary>
    public const int MaxMemoryContentLength = 1000;

    public const string InterpretInstructions =
        """
        You read one WhatsApp message sent to a personal memory assistant and call exactly one tool saying what the user wants.
        The assistant keeps the user's notes, photos, voice notes and places, and finds them again when asked.
        - Anything that is not a question or a command is a note to remember: call remember with the user's own words.
        - A question about what they saved: call recall, keeping any time phrase in the query ("dinner last week").
        - Greetings, thanks and small talk are never saved: call greeting.
        - Follow-ups ("the second one", "more", "what about last month?", "delete 2") refer to the last results: use refer, more, recall (the last question with the new period) or forget with the item number.
        - "yes" or "no" while a forget awaits confirmation: confirm or cancel.
        - When unsure, call unknown.
        """;

    public const string AnswerInstructions =
        """
        You answer someone's question from their own saved memories, in a WhatsApp chat.
        - Use ONLY the numbered memories given; never invent names, dates, places or facts they do not contain.
        - Cite each memory you use by its number, like [1] or [2][3].
        - If the memories do not answer the question, say so plainly.
        - At most 3 short lines. WhatsApp formatting only (*bold*, _italic_); no headings, tables or links.
        """;

    private static readonly string[] s_kinds = ["note", "photo", "voice note", "place"];

    private static readonly Dictionary<string, string> s_kindSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["note"] = "note", ["notes"] = "note", ["text"] = "note",
        ["photo"] = "photo", ["photos"] = "photo", ["image"] = "photo", ["images"] = "photo", ["picture"] = "photo", ["pictures"] = "photo",
        ["voice note"] = "voice note", ["voice notes"] = "voice note", ["voice_note"] = "voice note", ["voice"] = "voice note", ["audio"] = "voice note",
        ["place"] = "place", ["places"] = "place", ["location"] = "place", ["locations"] = "place",
    };

    private static readonly Dictionary<string, ModelAction> s_actions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["remember"] = ModelAction.Remember, ["recall"] = ModelAction.Recall, ["show_media"] = ModelAction.ShowMedia,
        ["list"] = ModelAction.List, ["more"] = ModelAction.More, ["refer"] = ModelAction.Refer, ["forget"] = ModelAction.Forget,
        ["undo"] = ModelAction.Undo, ["confirm"] = ModelAction.Confirm, ["cancel"] = ModelAction.Cancel,
        ["set_time_zone"] = ModelAction.SetTimeZone, ["help"] = ModelAction.Help, ["greeting"] = ModelAction.Greeting, ["unknown"] = ModelAction.Unknown,
    };

    /// <summary>One declaration per <see cref="ModelAction"/>, with the JSON schema of its arguments.</summary>
    public static IReadOnlyList<AITool> Tools { get; } = BuildTools();

    private readonly IChatClient _chatClient;
    private readonly TimeSpan _timeout;
    private readonly ILogger<ChatConversationModel> _logger;

    public ChatConversationModel(IChatClient chatClient, ChatConversationModelOptions options, ILogger<ChatConversationModel> logger)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(options);
        _chatClient = chatClient;
        _timeout = options.Timeout;
        _logger = logger;
    }

    public bool IsAvailable => true;

    /// <summary>The OpenAI SDK's chat client for <paramref name="options"/>, as an <see cref="IChatClient"/>; create it once.</summary>
    public static IChatClient CreateChatClient(ChatConversationModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.Timeout,
        };
        if (options.BaseUrl is not null)
            clientOptions.Endpoint = options.BaseUrl;
        return new OpenAIClient(new ApiKeyCredential(options.ApiKey), clientOptions).GetChatClient(options.Model).AsIChatClient();
    }

    /// <summary>What the model is told about the conversation so far, after <see cref="InterpretInstructions"/>.</summary>
    public static string DescribeContext(ConversationContextSummary context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = new StringBuilder("Conversation so far:\n");
        builder.Append(CultureInfo.InvariantCulture, $"- User's time zone: {context.TimeZoneId}\n");
        builder.Append("- Last question: ").Append(string.IsNullOrWhiteSpace(context.LastQuestion) ? "none" : $"\"{OneLine(context.LastQuestion)}\"").Append('\n');
        builder.Append("- Last results: ").Append(context.LastResultCount > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{context.LastResultCount} numbered items (1-{context.LastResultCount})")
            : "none").Append('\n');
        builder.Append("- Awaiting yes/no to confirm a forget: ").Append(context.AwaitingConfirmation ? "yes" : "no");
        return builder.ToString();
    }

    /// <summary>The user turn of <see cref="AnswerAsync"/>: the question, the time zone and one line per memory.</summary>
    public static string DescribeQuestion(string question, IReadOnlyList<GroundingMemory> memories, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(memories);
        var builder = new StringBuilder();
        builder.Append("Question: ").Append(OneLine(question)).Append('\n');
        builder.Append("Time zone: ").Append(timeZoneId).Append('\n');
        builder.Append("Memories:");
        foreach (var memory in memories)
        {
            var content = OneLine(memory.Content);
            if (content.Length > MaxMemoryContentLength)
                content = content[..(MaxMemoryContentLength - 1)] + "…";
            builder.Append(CultureInfo.InvariantCulture, $"\n[{memory.Number}] {OneLine(memory.When)} — {memory.Kind}: {content}");
        }
        return builder.ToString();
    }

    public async Task<ModelIntent?> InterpretAsync(string message, ConversationContextSummary context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(message))
            return null;

        List<ChatMessage> messages =
        [
            new(ChatRole.System, InterpretInstructions + "\n" + DescribeContext(context)),
            new(ChatRole.User, message),
        ];
        var options = new ChatOptions
        {
            Tools = [.. Tools],
            ToolMode = ChatToolMode.RequireAny,
            Temperature = 0,
        };
        var response = await CompleteAsync(messages, options, "read the message", cancellationToken);
        if (response is null)
            return null;

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault();
        if (call is null)
        {
            _logger.LogWarning("The chat model answered without a tool call; the rules read the message");
            return null;
        }
        var intent = call.Exception is null ? ToIntent(call.Name, call.Arguments) : null;
        if (intent is null)
            _logger.LogWarning("The chat model called {Tool} with unusable arguments; the rules read the message", call.Name);
        return intent;
    }

    public async Task<string?> AnswerAsync(string question, IReadOnlyList<GroundingMemory> memories, string timeZoneId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memories);
        if (string.IsNullOrWhiteSpace(question) || memories.Count == 0)
            return null;

        List<ChatMessage> messages =
        [
            new(ChatRole.System, AnswerInstructions),
            new(ChatRole.User, DescribeQuestion(question, memories, timeZoneId)),
        ];
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 300 };
        var response = await CompleteAsync(messages, options, "answer", cancellationToken);
        var text = response?.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (response is not null)
                _logger.LogWarning("The chat model gave an empty answer; the templated answer is used");
            return null;
        }
        return text.Length <= MaxAnswerLength ? text : text[..(MaxAnswerLength - 1)].TrimEnd() + "…";
    }

    /// <summary>Maps one tool call to an intent; null for an unknown tool or arguments that break the schema.</summary>
    public static ModelIntent? ToIntent(string name, IDictionary<string, object?>? arguments)
    {
        if (name is null || !s_actions.TryGetValue(name, out var action))
            return null;
        var args = new Arguments(arguments);
        switch (action)
        {
            case ModelAction.Remember:
                return args.String("text") is { } text ? new ModelIntent(action, Text: text, Mood: ReadMood(args.String("mood"), args.String("emotion"))) : null;
            case ModelAction.Recall:
                if (args.String("query") is not { } query || !args.TryOptionalString("period", out var recallPeriod))
                    return null;
                return new ModelIntent(action, Query: query, Period: recallPeriod);
            case ModelAction.ShowMedia:
                if (!args.TryOptionalString("query", out var mediaQuery) || !args.TryKind(out var mediaKind) || (mediaQuery is null && mediaKind is null))
                    return null;
                return new ModelIntent(action, Query: mediaQuery, Kind: mediaKind);
            case ModelAction.List:
                if (!args.TryKind(out var listKind) || !args.TryOptionalInt("count", out var count) || !args.TryOptionalString("period", out var listPeriod))
                    return null;
                if (count is < 1 or > 30)
                    return null;
                return new ModelIntent(action, Kind: listKind, Count: count, Period: listPeriod);
            case ModelAction.Refer:
            case ModelAction.Forget:
                return args.TryOptionalInt("item", out var item) && item >= 1 ? new ModelIntent(action, Item: item) : null;
            case ModelAction.SetTimeZone:
                return UserTimeZones.Find(args.String("time_zone")) is { } zone ? new ModelIntent(action, TimeZone: zone.Id) : null;
            default:
                return new ModelIntent(action);
        }
    }

    /// <summary>The model's mood for a note; null when missing or outside the fixed labels (the lexicon then reads it).</summary>
    private static Mood? ReadMood(string? mood, string? emotion)
    {
        if (mood is null || !Enum.TryParse<MoodValence>(mood, ignoreCase: true, out var valence) || !Enum.IsDefined(valence) || int.TryParse(mood, out _))
            return null;
        var label = emotion?.ToLowerInvariant();
        if (label is not null && !Mood.Emotions.Contains(label))
            label = null;
        // The model gives a direction, not a magnitude: a moderate score of that sign.
        return new Mood(valence, (int)valence * 0.5, valence == MoodValence.Neutral ? null : label);
    }

    private async Task<ChatResponse?> CompleteAsync(List<ChatMessage> messages, ChatOptions options, string purpose, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await _chatClient.GetResponseAsync(messages, options, timeout.Token);
        }
        catch (ClientResultException e) when (e.Status != 0)
        {
            _logger.LogWarning("The chat model answered {Status} when asked to {Purpose}; the rules take over: {Message}", e.Status, purpose, e.Message);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The chat model did not {Purpose} within {Timeout}; the rules take over", purpose, _timeout);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No HTTP answer at all (refused, reset), or a 200 that is not a chat completion (HTML, "{}", no choices).
            _logger.LogWarning(e, "The chat model could not {Purpose}; the rules take over", purpose);
            return null;
        }
    }

    private static string OneLine(string? text) => (text ?? "").ReplaceLineEndings(" ").Trim();

    private static readonly string[] s_valences = ["positive", "neutral", "negative"];

    private static List<AITool> BuildTools()
    {
        var text = Property("string", "The note to keep, in the user's own words.");
        var query = Property("string", "What to look for, with any time phrase kept, e.g. \"dinner last week\".");
        var period = Property("string", "A time phrase, e.g. \"last month\".");
        var kind = new Dictionary<string, object> { ["type"] = "string", ["enum"] = s_kinds };
        var count = new Dictionary<string, object> { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 30, ["description"] = "How many items." };
        var item = new Dictionary<string, object> { ["type"] = "integer", ["minimum"] = 1, ["description"] = "1-based number in the last results." };
        var timeZone = Property("string", "An IANA time zone id, e.g. \"Europe/Lisbon\".");
        return
        [
            Tool("remember", "Save a note: anything the user tells that is not a question or a command. Also say how it sounds.",
                Schema(["text"], ("text", text),
                    ("mood", new Dictionary<string, object> { ["type"] = "string", ["enum"] = s_valences, ["description"] = "How the note sounds; neutral for facts." }),
                    ("emotion", new Dictionary<string, object> { ["type"] = "string", ["enum"] = Mood.Emotions.ToArray(), ["description"] = "The clearest feeling, if any." }))),
            Tool("recall", "Answer a question from what the user saved; for a follow-up, period is the new time phrase.",
                Schema(["query"], ("query", query), ("period", period))),
            Tool("show_media", "Send back a saved photo, voice note or place.", Schema(["query", "kind"], ("query", query), ("kind", kind))),
            Tool("list", "List recent saved items.", Schema([], ("kind", kind), ("count", count), ("period", period))),
            Tool("more", "Show more results for the last question.", Schema([])),
            Tool("refer", "Open one item of the last results by its number (\"the second one\").", Schema(["item"], ("item", item))),
            Tool("forget", "Delete one item of the last results by its number.", Schema(["item"], ("item", item))),
            Tool("undo", "Undo the last thing saved or deleted.", Schema([])),
            Tool("confirm", "Yes to the pending question (a forget awaiting confirmation).", Schema([])),
            Tool("cancel", "No to the pending question, or stop.", Schema([])),
            Tool("set_time_zone", "Change the user's time zone.", Schema(["time_zone"], ("time_zone", timeZone))),
            Tool("help", "Explain what the assistant can do.", Schema([])),
            Tool("greeting", "A greeting, thanks or small talk; never saved.", Schema([])),
            Tool("unknown", "Nothing else fits.", Schema([])),
        ];
    }

    private static Dictionary<string, object> Property(string type, string description) =>
        new() { ["type"] = type, ["description"] = description };

    private static JsonElement Schema(string[] required, params (string Name, Dictionary<string, object> Schema)[] properties)
    {
        var schema = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = properties.ToDictionary(p => p.Name, p => p.Schema),
        };
        if (required.Length > 0)
            schema["required"] = required;
        schema["additionalProperties"] = false;
        return JsonSerializer.SerializeToElement(schema);
    }

    private static AIFunctionDeclaration Tool(string name, string description, JsonElement schema) =>
        AIFunctionFactory.CreateDeclaration(name, description, schema);

    /// <summary>A tool call's arguments as parsed by the client: JSON elements, or plain values from other clients.</summary>
    private readonly struct Arguments(IDictionary<string, object?>? values)
    {
        /// <summary>A non-blank string, trimmed; null when absent, blank or not a string.</summary>
        public string? String(string name) => TryOptionalString(name, out var value) ? value : null;

        /// <summary>False when present but not a string; a blank string counts as absent.</summary>
        public bool TryOptionalString(string name, out string? value)
        {
            value = null;
            switch (Get(name))
            {
                case null:
                case JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                    return true;
                case string text:
                    value = Blank(text);
                    return true;
                case JsonElement { ValueKind: JsonValueKind.String } element:
                    value = Blank(element.GetString());
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>False when present but not a whole number (a numeric string is forgiven).</summary>
        public bool TryOptionalInt(string name, out int? value)
        {
            value = null;
            var raw = Get(name);
            if (raw is JsonElement element)
            {
                raw = element.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.Number => element.TryGetDecimal(out var number) ? number : element.GetDouble(),
                    JsonValueKind.String => element.GetString(),
                    _ => element,
                };
            }
            switch (raw)
            {
                case null:
                    return true;
                case int whole:
                    value = whole;
                    return true;
                case long or decimal or double or float:
                    var number = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                    if (number != Math.Floor(number) || number is < int.MinValue or > int.MaxValue)
                        return false;
                    value = (int)number;
                    return true;
                case string text when int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                    value = parsed;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A known kind, normalised ("photos" → "photo"); false when present but unknown.</summary>
        public bool TryKind(out string? kind)
        {
            kind = null;
            if (!TryOptionalString("kind", out var text))
                return false;
            if (text is null)
                return true;
            return s_kindSynonyms.TryGetValue(text, out kind);
        }

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

        private object? Get(string name)
        {
            if (values is null)
                return null;
            if (values.TryGetValue(name, out var value))
                return value;
            return values.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }
    }
}
