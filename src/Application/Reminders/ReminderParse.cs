namespace MemoryAssistant.Application.Reminders;

/// <summary>The outcome of reading a message that asks for a reminder: exactly one of the two is set.</summary>
/// <param name="Request">The reminder to schedule.</param>
/// <param name="Problem">
/// Set when the message asks for a reminder but cannot be scheduled (no time we understand, a time in the past,
/// nothing to remind), with a friendly one-line explanation and an example, so the user can simply try again.
/// </param>
public sealed record ReminderParse(ReminderRequest? Request, string? Problem)
{
    internal static ReminderParse Ok(ReminderRequest request) => new(request, null);

    internal static ReminderParse Fail(string problem) => new(null, problem);
}
