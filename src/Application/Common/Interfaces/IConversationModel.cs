namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// A chat model that reads messages and writes answers, when one is configured (<c>OpenAI__ApiKey</c>). The
/// offline default is not available and the rules and templates decide. Every call may return null (no
/// model, or the model failed or answered nonsense): callers then fall back to the rules, so a model outage
/// never loses a message.
/// </summary>
public interface IConversationModel
{
    bool IsAvailable { get; }

    /// <summary>Picks what the user wants from one message, by a tool call; null to let the rules decide.</summary>
    Task<ModelIntent?> InterpretAsync(string message, ConversationContextSummary context, CancellationToken cancellationToken);

    /// <summary>
    /// A short answer to <paramref name="question"/> grounded only in <paramref name="memories"/> (this user's,
    /// already retrieved), citing them by number as [1], [2]; null to use the templated answer.
    /// </summary>
    Task<string?> AnswerAsync(string question, IReadOnlyList<GroundingMemory> memories, string timeZoneId, CancellationToken cancellationToken);
}

/// <summary>What the model is told about the conversation so far (never another user's data).</summary>
/// <param name="LastQuestion">The previous recall question, for follow-ups ("what about last month?").</param>
/// <param name="LastResultCount">How many results the last answer or list numbered (for "the second one").</param>
/// <param name="AwaitingConfirmation">A "forget" waits for yes/no.</param>
public sealed record ConversationContextSummary(string TimeZoneId, string? LastQuestion, int LastResultCount, bool AwaitingConfirmation);

/// <param name="Number">1-based, as the answer cites it.</param>
/// <param name="When">The local day and time, e.g. "Tue 17 Nov, 19:05".</param>
public sealed record GroundingMemory(int Number, string When, string Kind, string Content);

public enum ModelAction { Remember, Recall, ShowMedia, List, More, Refer, Forget, Undo, Confirm, Cancel, SetTimeZone, Help, Greeting, Unknown }

/// <param name="Text">Remember: the note to keep (the user's words).</param>
/// <param name="Query">Recall / ShowMedia: what to look for, with any time phrase kept ("dinner last week").</param>
/// <param name="Item">Refer / Forget: the 1-based number of an item in the last results.</param>
/// <param name="Kind">List / ShowMedia: "note", "photo", "voice note" or "place".</param>
/// <param name="Count">List: how many.</param>
/// <param name="Period">List / follow-up Recall: a time phrase ("last month").</param>
/// <param name="TimeZone">SetTimeZone: an IANA zone id.</param>
/// <param name="Mood">Remember: how the note sounds, read by the model (it understands sarcasm and phrasing a lexicon misses); null when not given.</param>
public sealed record ModelIntent(
    ModelAction Action, string? Text = null, string? Query = null, int? Item = null, string? Kind = null, int? Count = null, string? Period = null, string? TimeZone = null,
    Domain.Memories.Mood? Mood = null);
