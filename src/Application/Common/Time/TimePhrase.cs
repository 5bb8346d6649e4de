namespace MemoryAssistant.Application.Common.Time;

/// <summary>A time phrase found in a user's message.</summary>
/// <param name="Interval">The half-open interval the phrase denotes, computed in the user's zone.</param>
/// <param name="Phrase">The phrase exactly as the user wrote it, e.g. "Last Week".</param>
/// <param name="Description">Human readable form with local dates, e.g. "last week (Mon 9 Nov – Sun 15 Nov)".</param>
/// <param name="RemainingText">The message without the phrase, for use as search words.</param>
public sealed record TimePhrase(TimeInterval Interval, string Phrase, string Description, string RemainingText);
