using MemoryAssistant.Domain.Memories;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// Reads the mood a note carries, so "how have I been feeling?" is answered from what the user already wrote
/// instead of asking them to rate their days.
/// </summary>
public interface IMoodAnalyzer
{
    /// <summary>Which analyzer read the mood ("lexicon", …), kept beside stored moods so they can be re-read later.</summary>
    string Name { get; }

    /// <summary>
    /// Always a mood: a neutral mood (Neutral, 0, no emotion) when the text carries no signal, so callers
    /// never branch on null and factual notes count as neutral in summaries.
    /// </summary>
    Mood Analyze(string text);

    /// <summary>False when the lexicon is missing (make setup not run): no mood is recorded rather than a false "neutral".</summary>
    bool IsAvailable => true;
}
