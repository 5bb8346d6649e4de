using MemoryAssistant.Infrastructure.Embeddings;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Embeddings;

public sealed class WordVectorsTests(SyntheticModelFixture model) : IClassFixture<SyntheticModelFixture>
{
    [Fact]
    public void Load_WhenConvertedFromWinkJson_ThenHeaderAndVocabularyRoundTrip()
    {
        var vectors = model.Vectors;

        vectors.ModelId.Should().Be(SyntheticModelFixture.ModelId);
        vectors.Dimensions.Should().Be(SyntheticModelFixture.Dimensions);
        vectors.Count.Should().Be(SyntheticModelFixture.Source.Length);
        for (var rank = 0; rank < SyntheticModelFixture.Source.Length; rank++)
            vectors.Rank(SyntheticModelFixture.Source[rank].Word).Should().Be(rank);
    }

    [Fact]
    public void TryGetVector_WhenKnownWord_ThenUnitLengthAndCloseToTheNormalisedSource()
    {
        var vector = new float[SyntheticModelFixture.Dimensions];
        foreach (var (word, source) in SyntheticModelFixture.Source.Where(s => s.Vector.Any(x => x != 0)))
        {
            model.Vectors.TryGetVector(word, vector).Should().BeTrue();

            var sourceNorm = MathF.Sqrt(source.Sum(x => x * x));
            Norm(vector).Should().BeApproximately(1f, 1e-5f, "dequantised vectors are unit length ({0})", word);
            for (var i = 0; i < vector.Length; i++)
                vector[i].Should().BeApproximately(source[i] / sourceNorm, 0.01f, "int8 keeps each component of {0} to within a step", word);
            Dot(vector, [.. source.Select(x => x / sourceNorm)]).Should().BeGreaterThan(0.9999f);
        }
    }

    [Fact]
    public void TryGetVector_WhenUnknownOrAllZeroWord_ThenFalseAndZeroed()
    {
        var vector = Enumerable.Repeat(7f, SyntheticModelFixture.Dimensions).ToArray();

        model.Vectors.TryGetVector("spaghetti", vector).Should().BeFalse();
        vector.Should().OnlyContain(x => x == 0);
        model.Vectors.TryGetVector("void", vector).Should().BeFalse("a word whose source vector is all zeros has no direction");
    }

    [Fact]
    public void TryGetVector_WhenDestinationTooShort_ThenArgumentException()
    {
        var tryGet = () => model.Vectors.TryGetVector("dinner", new float[3]);

        tryGet.Should().Throw<ArgumentException>().WithMessage("The destination holds 3 floats; the model has 6 dimensions.*");
    }

    [Fact]
    public void Rank_WhenWordDiffersOnlyInCaseOrDiacritics_ThenFoldedFormFound()
    {
        model.Vectors.Rank("Café").Should().Be(4);
        model.Vectors.Rank("E-Mail").Should().Be(7, "a hyphenated vocabulary entry is still found once folded");
        model.Vectors.Rank("spaghetti").Should().Be(-1);
        model.Vectors.Rank("").Should().Be(-1);
    }

    [Fact]
    public void Similarity_WhenWordsKnown_ThenCosineOfTheSourceVectorsWithinQuantisationError()
    {
        var dinner = SyntheticModelFixture.Source[2].Vector;
        var lunch = SyntheticModelFixture.Source[3].Vector;
        var expected = Dot(dinner, lunch) / (Norm(dinner) * Norm(lunch));

        model.Vectors.Similarity("dinner", "lunch").Should().BeApproximately(expected, 0.005f);
        model.Vectors.Similarity("haircut", "barber").Should().BeGreaterThan(model.Vectors.Similarity("haircut", "dinner"));
        model.Vectors.Similarity("dinner", "dinner").Should().BeApproximately(1f, 1e-5f);
    }

    [Fact]
    public void Similarity_WhenEitherWordUnknown_ThenZero()
    {
        model.Vectors.Similarity("dinner", "spaghetti").Should().Be(0);
        model.Vectors.Similarity("spaghetti", "dinner").Should().Be(0);
        model.Vectors.Similarity("void", "dinner").Should().Be(0);
    }

    [Fact]
    public void Neighbours_WhenKnownWord_ThenMostSimilarFirstWithoutTheWordItself()
    {
        var neighbours = model.Vectors.Neighbours("dinner", 3);

        neighbours.Select(n => n.Word).Should().Equal("lunch", "cafe", "and");
        neighbours.Select(n => n.Similarity).Should().BeInDescendingOrder();
        neighbours[0].Similarity.Should().BeApproximately(model.Vectors.Similarity("dinner", "lunch"), 1e-6f);
    }

    [Fact]
    public void Neighbours_WhenSearchTopLimited_ThenOnlyThatManyFrequentWordsConsidered()
    {
        var neighbours = model.Vectors.Neighbours("barber", 10, searchTop: 4);

        neighbours.Select(n => n.Word).Should().BeEquivalentTo(["the", "and", "dinner", "lunch"]);
        model.Vectors.Neighbours("barber", int.MaxValue, searchTop: int.MaxValue).Should().HaveCount(8, "every other word with a vector");
    }

    [Fact]
    public void Neighbours_WhenUnknownWord_ThenEmpty()
    {
        model.Vectors.Neighbours("spaghetti", 5).Should().BeEmpty();
    }

    [Fact]
    public void SifWeight_WhenWordsOfFallingFrequency_ThenWeightsRiseAndUnknownWeighsAsTheRarest()
    {
        var weights = SyntheticModelFixture.Source.Select(s => model.Vectors.SifWeight(s.Word)).ToArray();

        weights.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems().And.OnlyContain(w => w > 0 && w < 1);
        model.Vectors.SifWeight("spaghetti").Should().Be(weights[^1]);
    }

    [Fact]
    public void Load_WhenFileMissing_ThenFileNotFoundWithSetupHint()
    {
        var path = model.NewPath("absent.bin");

        var load = () => WordVectors.Load(path);

        load.Should().Throw<FileNotFoundException>()
            .WithMessage($"Word-vector model not found at '{path}': run make setup (scripts/fetch-embeddings.sh).");
    }

    [Fact]
    public void Load_WhenNotAModel_ThenInvalidDataSayingSo()
    {
        var path = model.NewPath("garbage.bin");
        File.WriteAllText(path, "this is not a word-vector model at all");

        var load = () => WordVectors.Load(path);

        load.Should().Throw<InvalidDataException>()
            .WithMessage($"'{path}' is not a usable word-vector model: it does not start with the MAWV header. Delete it and run make setup (scripts/fetch-embeddings.sh).");
    }

    [Fact]
    public void Load_WhenTruncated_ThenInvalidDataGivingSizes()
    {
        var bytes = File.ReadAllBytes(model.ModelPath);
        var path = model.NewPath("truncated.bin");
        File.WriteAllBytes(path, bytes[..^10]);

        var load = () => WordVectors.Load(path);

        load.Should().Throw<InvalidDataException>()
            .WithMessage($"*it is {bytes.Length - 10} bytes but its header describes {bytes.Length} (truncated or damaged)*");
    }

    [Fact]
    public void Load_WhenFormatVersionUnknown_ThenInvalidDataNamingTheVersion()
    {
        var bytes = File.ReadAllBytes(model.ModelPath);
        bytes[4] = 2;
        var path = model.NewPath("v2.bin");
        File.WriteAllBytes(path, bytes);

        var load = () => WordVectors.Load(path);

        load.Should().Throw<InvalidDataException>().WithMessage("*it has format version 2; this build reads version 1*");
    }

    [Fact]
    public void Load_WhenEndMarkerDamaged_ThenInvalidData()
    {
        var bytes = File.ReadAllBytes(model.ModelPath);
        bytes[^1] ^= 0xFF;
        var path = model.NewPath("damaged.bin");
        File.WriteAllBytes(path, bytes);

        var load = () => WordVectors.Load(path);

        load.Should().Throw<InvalidDataException>().WithMessage("*it lacks its end marker*");
    }

    [Fact]
    public void Load_WhenWordSectionCorrupt_ThenInvalidData()
    {
        var bytes = File.ReadAllBytes(model.ModelPath);
        var firstWordLength = 22 + SyntheticModelFixture.ModelId.Length;
        bytes[firstWordLength] = 200; // "the" claims 200 bytes
        var path = model.NewPath("words.bin");
        File.WriteAllBytes(path, bytes);

        var load = () => WordVectors.Load(path);

        load.Should().Throw<InvalidDataException>().WithMessage("*word 0 runs past its section or is empty*");
    }

    [Fact]
    public void LoadShared_WhenSamePathSpelledDifferentlyFromManyThreads_ThenOneInstance()
    {
        var path = model.NewPath("shared.bin");
        File.Copy(model.ModelPath, path);
        var dotted = Path.Combine(Path.GetDirectoryName(path)!, ".", Path.GetFileName(path));

        var loaded = new WordVectors[16];
        Parallel.For(0, loaded.Length, i => loaded[i] = WordVectors.LoadShared(i % 2 == 0 ? path : dotted));

        loaded.Should().OnlyContain(v => ReferenceEquals(v, loaded[0]));
        WordVectors.LoadShared(path).Should().BeSameAs(loaded[0]);
        WordVectors.Load(path).Should().NotBeSameAs(loaded[0], "Load always reads the file");
    }

    [Fact]
    public void LoadShared_WhenFileAppearsAfterAFailedLoad_ThenLoadedOnTheNextCall()
    {
        var path = model.NewPath("later.bin");
        var first = () => WordVectors.LoadShared(path);
        first.Should().Throw<FileNotFoundException>();

        File.Copy(model.ModelPath, path);

        WordVectors.LoadShared(path).Count.Should().Be(SyntheticModelFixture.Source.Length);
    }

    [Fact]
    public async Task ConverterVerify_WhenWholeOrTruncated_ThenExitCodeSaysSo()
    {
        var truncated = model.NewPath("cut.bin");
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(model.ModelPath))[..^1]);

        var whole = await SyntheticModelFixture.RunNodeAsync(SyntheticModelFixture.ConverterPath, "--verify", model.ModelPath, "--model-id", SyntheticModelFixture.ModelId);
        var otherModel = await SyntheticModelFixture.RunNodeAsync(SyntheticModelFixture.ConverterPath, "--verify", model.ModelPath, "--model-id", "other@1");
        var cut = await SyntheticModelFixture.RunNodeAsync(SyntheticModelFixture.ConverterPath, "--verify", truncated);

        whole.ExitCode.Should().Be(0, whole.StandardError);
        otherModel.ExitCode.Should().Be(1);
        otherModel.StandardError.Should().Contain("expected other@1");
        cut.ExitCode.Should().Be(1);
        cut.StandardError.Should().Contain("its header says");
    }

    [Fact]
    public async Task Converter_WhenWordListedTwice_ThenFailsNamingTheWord()
    {
        var json = model.NewPath("twice.json");
        await SyntheticModelFixture.WriteWinkJsonAsync(json, [("dinner", [1f, 0f]), ("lunch", [0f, 1f])], 2);
        var text = await File.ReadAllTextAsync(json);
        await File.WriteAllTextAsync(json, text.Replace("\"words\":[\"dinner\",\"lunch\"]", "\"words\":[\"dinner\",\"dinner\"]", StringComparison.Ordinal));
        var output = model.NewPath("twice.bin");

        var result = await SyntheticModelFixture.RunNodeAsync(SyntheticModelFixture.ConverterPath, json, output);

        result.ExitCode.Should().Be(1);
        result.StandardError.Should().Contain("word \"dinner\" appears twice");
        File.Exists(output).Should().BeFalse();
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static float Norm(float[] v) => MathF.Sqrt(Dot(v, v));
}
