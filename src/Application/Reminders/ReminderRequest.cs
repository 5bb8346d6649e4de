using NodaTime;

namespace MemoryAssistant.Application.Reminders;

/// <summary>What to remind, when first, and the recurrence (5-field cron in the user's local time, null for one-off).</summary>
/// <param name="What">The task in the user's own words and casing, without the time phrase ("call mom").</param>
/// <param name="FirstDueAt">The first time to send it; for a recurring reminder the first cron occurrence after now.</param>
/// <param name="Cron">"m h dom mon dow" read in the user's zone, so "0 8 * * 1" stays 08:00 local across DST.</param>
/// <param name="When">A short description in the user's zone for the confirmation reply, e.g. "tomorrow (Wed 2 Dec) at 09:00".</param>
public sealed record ReminderRequest(string What, Instant FirstDueAt, string? Cron, string When);
