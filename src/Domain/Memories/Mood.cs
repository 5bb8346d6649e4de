using MemoryAssistant.Domain.Common;

namespace MemoryAssistant.Domain.Memories;

/// <summary>Which way a note leans; most saved notes (codes, addresses, appointments) are <see cref="MoodValence.Neutral"/>.</summary>
public enum MoodValence
{
    Negative = -1,
    Neutral = 0,
    Positive = 1,
}

/// <summary>
/// The feeling a note carries, so "how have I been feeling?" can be answered from notes the user wrote anyway.
/// </summary>
/// <param name="Valence">The verdict; it never contradicts the sign of <paramref name="Score"/>.</param>
/// <param name="Score">Strength in [-1, 1]: negative is bad, 0 says nothing.</param>
/// <param name="Emotion">One of <see cref="Emotions"/>, or null when none is clear. A fixed list, so moods from
/// different analyzers (and different days) can be counted together.</param>
public sealed record Mood(MoodValence Valence, double Score, string? Emotion)
{
    /// <summary>The labels an emotion may take.</summary>
    public static readonly IReadOnlyList<string> Emotions =
    [
        "joy", "gratitude", "love", "excitement", "calm", "pride",
        "sadness", "anger", "fear", "stress", "tiredness", "disappointment", "surprise",
    ];

    /// <summary>No mood signal: what a wifi password or a parking spot reads as.</summary>
    public static Mood Neutral { get; } = new(MoodValence.Neutral, 0, null);

    public MoodValence Valence { get; } = Enum.IsDefined(Valence)
        ? Valence
        : throw new DomainException($"{(int)Valence} is not a mood valence (-1, 0 or 1).");

    // Validated here (not in a separate ctor) so the positional record shape stays intact. NaN fails the range too.
    public double Score { get; } = Score is >= -1 and <= 1
        && !(Valence == MoodValence.Positive && Score < 0)
        && !(Valence == MoodValence.Negative && Score > 0)
            ? Score
            : throw new DomainException($"A mood score lies between -1 and 1 and agrees with its valence ({Valence}); got {Score}.");

    public string? Emotion { get; } = Emotion is null || Emotions.Contains(Emotion, StringComparer.Ordinal)
        ? Emotion
        : throw new DomainException($"'{Emotion}' is not one of the emotion labels: {string.Join(", ", Emotions)}.");
}
