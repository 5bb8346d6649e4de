using MemoryAssistant.Domain.Common;

namespace MemoryAssistant.Domain.Memories;

public enum MoodValence { Negative = -1, Neutral = 0, Positive = 1 }

/// <summary>How a note sounds: a valence, a score in [-1, 1], and one emotion label when one is clear.</summary>
public sealed record Mood
{
    public static readonly IReadOnlyList<string> Emotions =
        ["joy", "gratitude", "love", "excitement", "calm", "pride", "sadness", "anger", "fear", "stress", "tiredness", "disappointment", "surprise"];

    public Mood(MoodValence valence, double score, string? emotion)
    {
        if (double.IsNaN(score) || score is < -1 or > 1)
            throw new DomainException("A mood score lies between -1 and 1.");
        if (emotion is not null && !Emotions.Contains(emotion))
            throw new DomainException($"'{emotion}' is not one of the emotion labels.");
        Valence = valence;
        Score = score;
        Emotion = emotion;
    }

    public MoodValence Valence { get; }
    public double Score { get; }
    public string? Emotion { get; }
    public static Mood Neutral { get; } = new(MoodValence.Neutral, 0, null);
}
