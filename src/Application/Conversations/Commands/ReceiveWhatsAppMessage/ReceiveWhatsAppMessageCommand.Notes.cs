using System.Text.Json;
using MemoryAssistant.Application.Conversations.Commands.SaveNotes;
using MemoryAssistant.Application.Moods;
using MemoryAssistant.Application.Places;
using MemoryAssistant.Application.Reminders;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>Plain notes from known users go to the <see cref="NoteBatcher"/>, which saves many per transaction.</summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler
{
    /// <summary>
    /// The message as a plain note, read before any write: null when it is anything else (media, a place, a
    /// command, a question, an empty or too long note, a message that one of the rules in
    /// <see cref="AnyRuleBeforeRemembering"/> may take) or comes from someone not known yet (registration and the
    /// welcome stay on the single-message path). Those are recorded and answered one by one.
    /// </summary>
    private async Task<PlainNote?> PlainNoteAsync(ReceiveWhatsAppMessageCommand request, string body, Instant now, CancellationToken cancellationToken)
    {
        if (request.Media.Count > 0 || request.Location is not null || body.Length == 0 || !WhatsAppNumber.TryParse(request.From, out var number))
            return null;
        var message = MessageClassifier.Classify(body);
        if (message.Intent != MessageIntent.Remember || message.Text.Length == 0 || message.Text.Length > Memory.MaxContentLength)
            return null;

        UserLookup.KnownUser? user;
        await using (var connection = await connections.OpenAsync(cancellationToken))
            user = await UserLookup.FindByNumberAsync(connection, number);
        if (user is null || AnyRuleBeforeRemembering(body, now, user.TimeZone))
            return null;

        return new PlainNote(
            Domain.Interactions.MessageSid.Parse(request.MessageSid), number, request.ProfileName, request.WaId, request.Body ?? "",
            writer.Read(MemoryKind.Text, message.Text, tags: null, mood: _modelMood), JsonSerializer.Serialize(request.Payload), now);
    }

    /// <summary>
    /// Whether a rule <see cref="AnswerAsync"/> tries before "remember it" matches the text: the same checks in the
    /// same order. A rule added there must be added here, or its messages would be saved as notes.
    /// </summary>
    private static bool AnyRuleBeforeRemembering(string body, Instant now, DateTimeZone zone)
    {
        var trimmed = body.Trim();
        return ReminderParser.Parse(body, now, zone) is not null
            || CancelReminderSentence().IsMatch(trimmed)
            || trimmed.Equals(EraseConfirmation, StringComparison.OrdinalIgnoreCase)
            || ShareRequest().IsMatch(trimmed)
            || ShareAnswer().IsMatch(trimmed)
            || PlaceNaming.TryParse(body) is not null
            || MoodQuestion.TryParse(body, now, zone, out _)
            || FollowUps.Detect(body, now, zone) is not null;
    }
}
