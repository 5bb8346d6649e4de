using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Conversations;
using MemoryAssistant.Domain.Users;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>
/// The chat model's part, when one is configured: it reads the message with a tool call, and its choice is
/// restated in the words the rules already understand ("forget 3", "/list 5 photos last week"), so the model
/// and the rules share one path, and the user's original words are what is stored.
/// </summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler
{
    private async Task<string?> UnderstandAsync(ReceiveWhatsAppMessageCommand request, CancellationToken cancellationToken)
    {
        var text = (request.Body ?? "").Trim();
        // Slash commands are exact already; media and places need no reading.
        if (!conversationModel.IsAvailable || text.Length == 0 || text.StartsWith('/') || request.Media.Count > 0 || request.Location is not null
            || !WhatsAppNumber.TryParse(request.From, out var number) || RulesRecognise(text))
            return null;

        ConversationContextSummary context;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var user = await UserLookup.FindByNumberAsync(connection, number);
            var thread = user is null
                ? null
                : await connection.QuerySingleOrDefaultAsync<(string? LastQuestion, string ResultIds, long? PendingForgetAt)?>(
                    "SELECT last_question, result_ids, pending_forget_at FROM conversation_states WHERE user_id = @userId", new { userId = user.Id });
            var now = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
            context = new ConversationContextSummary(
                user?.TimeZone.Id ?? "UTC",
                thread?.LastQuestion,
                thread is { ResultIds.Length: > 0 } t ? t.ResultIds.Split(',').Length : 0,
                thread?.PendingForgetAt is { } at && now - at <= (long)ConversationState.ConfirmationWindow.TotalMilliseconds);
        }

        var intent = await conversationModel.InterpretAsync(text, context, cancellationToken);
        var restated = intent is null ? null : Restate(intent, text);
        if (intent is { Action: ModelAction.Remember, Mood: { } mood })
            _modelMood = mood;
        if (restated is not null)
            logger.LogInformation("The chat model read the message as {Action}", intent!.Action);
        return restated;
    }

    /// <summary>The model's reading of the note's mood, used instead of the lexicon's when it gave one.</summary>
    private Domain.Memories.Mood? _modelMood;

    /// <summary>
    /// Messages whose exact wording the rules already act on (a reminder's time, a share's number, the erase phrase):
    /// restating them as a note would lose what they ask for, so the model is not asked.
    /// </summary>
    private bool RulesRecognise(string text)
    {
        var now = clock.GetCurrentInstant();
        return Reminders.ReminderParser.Parse(text, now, DateTimeZone.Utc) is not null
            || Moods.MoodQuestion.TryParse(text, now, DateTimeZone.Utc, out _)
            || Places.PlaceNaming.TryParse(text) is not null
            || ShareRequest().IsMatch(text) || ShareAnswer().IsMatch(text)
            || text.Equals(EraseConfirmation, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The model's choice in the words the rules understand; null leaves the message to the rules.</summary>
    internal static string? Restate(ModelIntent intent, string original) => intent.Action switch
    {
        // The user's own words are what is kept, never the model's rewording.
        ModelAction.Remember => "note: " + original,
        ModelAction.Recall when !string.IsNullOrWhiteSpace(intent.Query) => AsQuestion(intent.Query + (intent.Period is { } p ? " " + p : "")),
        ModelAction.ShowMedia => AsQuestion("show me my " + string.Join(' ', new[] { intent.Kind ?? "photo", intent.Query }.Where(w => !string.IsNullOrWhiteSpace(w)))),
        ModelAction.List => "/list " + string.Join(' ', new[] { intent.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture), Plural(intent.Kind), intent.Period }
            .Where(w => !string.IsNullOrWhiteSpace(w))),
        ModelAction.More => "more",
        ModelAction.Refer => intent.Item is { } item ? $"number {item}" : "that photo",
        ModelAction.Forget when intent.Item is { } item => $"forget {item}",
        ModelAction.Undo => "undo",
        ModelAction.Confirm => "yes",
        ModelAction.Cancel => "no",
        ModelAction.SetTimeZone when intent.TimeZone is { } zone => "/tz " + zone,
        ModelAction.Help => "/help",
        ModelAction.Greeting => "hi",
        _ => null,
    };

    private static string AsQuestion(string text) => text.TrimEnd().TrimEnd('?', '.', '!') + "?";

    private static string? Plural(string? kind) => kind switch
    {
        "photo" => "photos",
        "note" => "notes",
        "voice note" => "voice notes",
        "place" => "places",
        _ => null,
    };
}
