using NodaTime;

namespace MemoryAssistant.Domain.Users;

/// <summary>
/// What is left after "/erase": no personal data, only the MessageSid of the confirming message (so Twilio
/// redelivering it cannot register the number again as a new user with that message as a note) and counts.
/// </summary>
public sealed class UserErasure
{
    private UserErasure() { Summary = ""; }

    public long Id { get; private set; }
    public string? ConfirmingMessageSid { get; private set; }
    public Instant ErasedAt { get; private set; }

    /// <summary>What was removed, e.g. "12 interactions, 9 memories, 2 media files".</summary>
    public string Summary { get; private set; }

    public static UserErasure Record(string? confirmingMessageSid, string summary, Instant now) =>
        new() { ConfirmingMessageSid = confirmingMessageSid, Summary = summary, ErasedAt = now };
}
