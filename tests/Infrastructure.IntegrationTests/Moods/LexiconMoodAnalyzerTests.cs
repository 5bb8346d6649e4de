using System.Globalization;
using System.Text;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Infrastructure.Moods;
using MemoryAssistant.TestSupport.Moods;
using Xunit.Abstractions;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Moods;

public sealed class LexiconMoodAnalyzerTests(ITestOutputHelper output)
{
    public const double MinimumValenceAccuracy = 0.80;
    public const double MinimumEmotionAccuracy = 0.60;
    public const double MinimumNeutralRecall = 0.80;

    // Lower than on the main sample: these notes were never used to tune the lexicon.
    public const double MinimumHeldOutValenceAccuracy = 0.80;

    private static readonly Lazy<LexiconMoodAnalyzer> _analyzer = new(() => new LexiconMoodAnalyzer(RepoPaths.RequireLexicon(LexiconMoodAnalyzer.AfinnFileName)));

    private static LexiconMoodAnalyzer Analyzer => _analyzer.Value;

    [Fact]
    public void Analyze_OnMoodSample_ThenValenceAccuracyAtLeast80Percent()
    {
        var results = MoodSample.Items.Select(item => (Item: item, Mood: Analyzer.Analyze(item.Text))).ToList();
        output.WriteLine(Report(results));

        var accuracy = results.Count(r => r.Mood.Valence == r.Item.Valence) / (double)results.Count;

        accuracy.Should().BeGreaterThanOrEqualTo(MinimumValenceAccuracy, "misses:\n{0}", Misses(results, r => r.Mood.Valence != r.Item.Valence));
    }

    [Fact]
    public void Analyze_OnMoodSample_ThenEmotionAccuracyAtLeast60PercentOfLabelledNotes()
    {
        var labelled = MoodSample.Items.Where(i => i.Emotion is not null)
            .Select(item => (Item: item, Mood: Analyzer.Analyze(item.Text))).ToList();

        var accuracy = labelled.Count(r => r.Mood.Emotion == r.Item.Emotion) / (double)labelled.Count;
        output.WriteLine($"Emotion accuracy: {accuracy:P1} of {labelled.Count} labelled notes");

        accuracy.Should().BeGreaterThanOrEqualTo(MinimumEmotionAccuracy, "misses:\n{0}", Misses(labelled, r => r.Mood.Emotion != r.Item.Emotion));
    }

    [Fact]
    public void Analyze_OnMoodSample_ThenFactualNotesAreMostlyNeutralWithoutEmotion()
    {
        var neutral = MoodSample.Items.Where(i => i.Valence == MoodValence.Neutral)
            .Select(item => (Item: item, Mood: Analyzer.Analyze(item.Text))).ToList();

        var recall = neutral.Count(r => r.Mood.Valence == MoodValence.Neutral) / (double)neutral.Count;

        recall.Should().BeGreaterThanOrEqualTo(MinimumNeutralRecall, "misses:\n{0}", Misses(neutral, r => r.Mood.Valence != MoodValence.Neutral));
        neutral.Where(r => r.Mood.Valence == MoodValence.Neutral).Should().OnlyContain(r => r.Mood.Emotion == null, "a neutral note names no emotion");
    }

    [Fact]
    public void Analyze_OnHeldOutSample_ThenValenceAndEmotionAccuracyHoldForUnseenPhrasing()
    {
        var results = MoodSample.HeldOut.Select(item => (Item: item, Mood: Analyzer.Analyze(item.Text))).ToList();
        output.WriteLine(Report(results));

        var valence = results.Count(r => r.Mood.Valence == r.Item.Valence) / (double)results.Count;
        var labelled = results.Where(r => r.Item.Emotion is not null).ToList();
        var emotion = labelled.Count(r => r.Mood.Emotion == r.Item.Emotion) / (double)labelled.Count;

        valence.Should().BeGreaterThanOrEqualTo(MinimumHeldOutValenceAccuracy, "misses:\n{0}", Misses(results, r => r.Mood.Valence != r.Item.Valence));
        emotion.Should().BeGreaterThanOrEqualTo(MinimumEmotionAccuracy, "misses:\n{0}", Misses(labelled, r => r.Mood.Emotion != r.Item.Emotion));
    }

    [Fact]
    public void Analyze_WhenMoodSampleIsLabelled_ThenEveryEmotionIsAKnownLabel()
    {
        MoodSample.Items.Should().HaveCountGreaterThanOrEqualTo(80);
        MoodSample.Items.Concat(MoodSample.HeldOut).Select(i => i.Text).Should().OnlyHaveUniqueItems();
        MoodSample.Items.Concat(MoodSample.HeldOut).Select(i => i.Emotion).OfType<string>().Should().OnlyContain(e => Mood.Emotions.Contains(e));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Wifi password is Blue42Lemon")]
    [InlineData("12:30 ... ??")]
    public void Analyze_WhenTextCarriesNoMood_ThenNeutralZeroWithoutEmotion(string text)
    {
        Analyzer.Analyze(text).Should().Be(Mood.Neutral);
    }

    [Theory]
    [InlineData("I am happy with the new flat", "I am not happy with the new flat")]
    [InlineData("The dinner was good", "The dinner was never good")]
    [InlineData("I enjoyed the party", "I didn't enjoy the party")]
    [InlineData("She is kind", "She isn't kind")]
    public void Analyze_WhenNegated_ThenValenceFlips(string plain, string negated)
    {
        var before = Analyzer.Analyze(plain);
        var after = Analyzer.Analyze(negated);

        before.Valence.Should().Be(MoodValence.Positive);
        after.Valence.Should().Be(MoodValence.Negative);
    }

    [Fact]
    public void Analyze_WhenANegativeWordIsNegated_ThenItReadsPositive()
    {
        Analyzer.Analyze("Not bad at all").Valence.Should().Be(MoodValence.Positive);
        Analyzer.Analyze("no worries about the move").Valence.Should().Be(MoodValence.Positive);
    }

    [Fact]
    public void Analyze_WhenNegationIsFarOrSpent_ThenLaterWordsKeepTheirValence()
    {
        Analyzer.Analyze("Can't stop smiling today").Valence.Should().Be(MoodValence.Positive, "the negator is spent on 'stop'");
        Analyzer.Analyze("I don't know, the day was happy").Valence.Should().Be(MoodValence.Positive, "a comma ends the negation's reach");
        Analyzer.Analyze("Never been so happy").Valence.Should().Be(MoodValence.Positive, "'never … so' is emphasis");
    }

    [Theory]
    [InlineData("happy", "very happy")]
    [InlineData("tired", "really tired")]
    [InlineData("tired", "extremely tired")]
    [InlineData("stressed", "so stressed")]
    public void Analyze_WhenIntensified_ThenMagnitudeRises(string plain, string intensified)
    {
        var before = Analyzer.Analyze(plain);
        var after = Analyzer.Analyze(intensified);

        after.Valence.Should().Be(before.Valence);
        Math.Abs(after.Score).Should().BeGreaterThan(Math.Abs(before.Score));
    }

    [Fact]
    public void Analyze_WhenSoftenedOrExclaimedOrShouted_ThenMagnitudeMovesAccordingly()
    {
        var plain = Math.Abs(Analyzer.Analyze("bored").Score);

        Math.Abs(Analyzer.Analyze("a bit bored").Score).Should().BeLessThan(plain);
        Math.Abs(Analyzer.Analyze("bored!!").Score).Should().BeGreaterThan(plain);
        Math.Abs(Analyzer.Analyze("I am BORED").Score).Should().BeGreaterThan(Math.Abs(Analyzer.Analyze("I am bored").Score));
    }

    [Fact]
    public void Analyze_WhenButJoinsTwoFeelings_ThenTheClauseAfterItDecides()
    {
        Analyzer.Analyze("Tired but happy").Valence.Should().Be(MoodValence.Positive);
        Analyzer.Analyze("Happy but tired").Valence.Should().Be(MoodValence.Negative);
    }

    [Theory]
    [InlineData("😭", MoodValence.Negative, "sadness")]
    [InlineData("😡😡", MoodValence.Negative, "anger")]
    [InlineData("🥰", MoodValence.Positive, "love")]
    [InlineData("🎉", MoodValence.Positive, "excitement")]
    [InlineData("❤️", MoodValence.Positive, "love")]
    [InlineData("🙏🏽", MoodValence.Positive, "gratitude")]
    [InlineData(":(", MoodValence.Negative, "sadness")]
    public void Analyze_WhenOnlyEmoji_ThenReadsThem(string text, MoodValence valence, string emotion)
    {
        var mood = Analyzer.Analyze(text);

        mood.Valence.Should().Be(valence);
        mood.Emotion.Should().Be(emotion);
    }

    [Theory]
    [InlineData("Exhausted after the night shift", "tiredness")]
    [InlineData("Deadline tomorrow and I'm so stressed", "stress")]
    [InlineData("So grateful, thanks to Ana for the lift", "gratitude")]
    [InlineData("I really miss her", "sadness")]
    [InlineData("Furious with the landlord", "anger")]
    [InlineData("Worried about the scan, anxious all day", "fear")]
    [InlineData("Proud of how the talk went", "pride")]
    [InlineData("Can't wait for Friday", "excitement")]
    [InlineData("Relaxed evening on the balcony", "calm")]
    public void Analyze_WhenAnEmotionIsNamed_ThenThatEmotion(string text, string emotion)
    {
        Analyzer.Analyze(text).Emotion.Should().Be(emotion);
    }

    [Fact]
    public void Analyze_WhenEmotionDisagreesWithValence_ThenItIsNotReported()
    {
        var mood = Analyzer.Analyze("Tired but really happy today");

        mood.Valence.Should().Be(MoodValence.Positive);
        mood.Emotion.Should().Be("joy", "tiredness is negative and the note is not");
    }

    [Fact]
    public void Analyze_WhenLikeIsAComparison_ThenItCarriesNoMood()
    {
        Analyzer.Analyze("Looks like rain on Saturday").Should().Be(Mood.Neutral);
        Analyzer.Analyze("I like the new cafe").Valence.Should().Be(MoodValence.Positive);
    }

    [Fact]
    public void Analyze_Always_ThenScoreInRange()
    {
        var loud = Analyzer.Analyze("AMAZING AMAZING AMAZING wonderful fantastic best day ever!!!!!!! 🥰🥰🥰🎉🎉🎉");
        var low = Analyzer.Analyze("terrible awful horrible worst day ever, furious and heartbroken 😭😭😭😡😡");

        loud.Score.Should().BeInRange(0.9, 1);
        low.Score.Should().BeInRange(-1, -0.9);
    }

    [Fact]
    public void Analyze_WhenTextIsNull_ThenThrows()
    {
        var act = () => Analyzer.Analyze(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Constructor_WhenLexiconIsMissing_ThenThrowsWithSetupHint()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), LexiconMoodAnalyzer.AfinnFileName);

        var act = () => new LexiconMoodAnalyzer(missing);

        act.Should().Throw<FileNotFoundException>().WithMessage("*run make setup (scripts/fetch-lexicons.sh)*");
    }

    [Fact]
    public void Load_WhenDirectoryHoldsTheLexicon_ThenReadsIt()
    {
        var analyzer = LexiconMoodAnalyzer.Load(RepoPaths.LexiconDirectory);

        analyzer.Name.Should().Be("lexicon");
        analyzer.Analyze("happy").Valence.Should().Be(MoodValence.Positive);
    }

    private static string Misses(IEnumerable<(MoodSampleItem Item, Mood Mood)> results, Func<(MoodSampleItem Item, Mood Mood), bool> isMiss) =>
        string.Join('\n', results.Where(isMiss).Select(r =>
            $"  \"{r.Item.Text}\" expected {r.Item.Valence}/{r.Item.Emotion ?? "-"}, got {r.Mood.Valence}/{r.Mood.Emotion ?? "-"} ({r.Mood.Score.ToString("0.00", CultureInfo.InvariantCulture)})"));

    // Valence confusion matrix (rows expected, columns predicted), per-label emotion hits, and every miss.
    private static string Report(List<(MoodSampleItem Item, Mood Mood)> results)
    {
        var valences = new[] { MoodValence.Positive, MoodValence.Neutral, MoodValence.Negative };
        var report = new StringBuilder();
        var valenceAccuracy = results.Count(r => r.Mood.Valence == r.Item.Valence) / (double)results.Count;
        var labelled = results.Where(r => r.Item.Emotion is not null).ToList();
        var emotionAccuracy = labelled.Count(r => r.Mood.Emotion == r.Item.Emotion) / (double)labelled.Count;
        report.AppendLine(CultureInfo.InvariantCulture, $"Valence accuracy {valenceAccuracy:P1} over {results.Count} notes; emotion accuracy {emotionAccuracy:P1} over {labelled.Count} labelled notes");
        report.AppendLine("expected \\ predicted   Positive  Neutral  Negative");
        foreach (var expected in valences)
        {
            var row = valences.Select(p => results.Count(r => r.Item.Valence == expected && r.Mood.Valence == p).ToString(CultureInfo.InvariantCulture).PadLeft(9));
            report.AppendLine(CultureInfo.InvariantCulture, $"{expected,-20}{string.Concat(row)}");
        }

        report.AppendLine("emotion: correct / labelled");
        foreach (var group in labelled.GroupBy(r => r.Item.Emotion!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key,-15}{group.Count(r => r.Mood.Emotion == group.Key)} / {group.Count()}");
        }

        report.AppendLine("valence misses:").AppendLine(Misses(results, r => r.Mood.Valence != r.Item.Valence));
        report.AppendLine("emotion misses:").Append(Misses(labelled, r => r.Mood.Emotion != r.Item.Emotion));
        return report.ToString();
    }
}
