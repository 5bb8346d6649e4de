using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Memories;

namespace MemoryAssistant.Domain.UnitTests.Memories;

public sealed class MoodTests
{
    [Theory]
    [InlineData(MoodValence.Positive, 1.0, "joy")]
    [InlineData(MoodValence.Negative, -1.0, "tiredness")]
    [InlineData(MoodValence.Neutral, 0.02, null)]
    [InlineData(MoodValence.Neutral, 0.0, "surprise")]
    public void Constructor_WhenValid_ThenKeepsValues(MoodValence valence, double score, string? emotion)
    {
        var mood = new Mood(valence, score, emotion);

        mood.Valence.Should().Be(valence);
        mood.Score.Should().Be(score);
        mood.Emotion.Should().Be(emotion);
    }

    [Theory]
    [InlineData(1.01)]
    [InlineData(-1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_WhenScoreOutOfRange_ThenThrows(double score)
    {
        var act = () => new Mood(MoodValence.Neutral, score, null);

        act.Should().Throw<DomainException>();
    }

    [Theory]
    [InlineData(MoodValence.Positive, -0.3)]
    [InlineData(MoodValence.Negative, 0.3)]
    public void Constructor_WhenScoreContradictsValence_ThenThrows(MoodValence valence, double score)
    {
        var act = () => new Mood(valence, score, null);

        act.Should().Throw<DomainException>();
    }

    [Theory]
    [InlineData("happiness")]
    [InlineData("Joy")]
    [InlineData("")]
    public void Constructor_WhenEmotionIsNotALabel_ThenThrows(string emotion)
    {
        var act = () => new Mood(MoodValence.Positive, 0.5, emotion);

        act.Should().Throw<DomainException>().WithMessage("*not one of the emotion labels*");
    }

    [Fact]
    public void Constructor_WhenValenceIsUndefined_ThenThrows()
    {
        var act = () => new Mood((MoodValence)2, 0.5, null);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void Neutral_IsNeutralValenceZeroScoreWithoutEmotion()
    {
        Mood.Neutral.Should().Be(new Mood(MoodValence.Neutral, 0, null));
    }

    [Fact]
    public void Emotions_AreTheThirteenFixedLabels()
    {
        Mood.Emotions.Should().Equal(
            "joy", "gratitude", "love", "excitement", "calm", "pride",
            "sadness", "anger", "fear", "stress", "tiredness", "disappointment", "surprise");
    }
}
