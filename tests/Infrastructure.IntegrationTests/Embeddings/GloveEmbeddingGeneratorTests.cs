using MemoryAssistant.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Embeddings;

public sealed class GloveEmbeddingGeneratorTests(SyntheticModelFixture model) : IClassFixture<SyntheticModelFixture>
{
    [Fact]
    public async Task GenerateAsync_WhenTexts_ThenOneUnitLengthEmbeddingEachInOrder()
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);
        string[] texts = ["Dinner and lunch", "a haircut at the barber's", "CAFÉ"];

        var embeddings = await generator.GenerateAsync(texts);

        embeddings.Should().HaveCount(3);
        for (var i = 0; i < texts.Length; i++)
        {
            var vector = embeddings[i].Vector.ToArray();
            vector.Should().HaveCount(SyntheticModelFixture.Dimensions);
            Norm(vector).Should().BeApproximately(1f, 1e-5f);
            vector.Should().Equal(generator.Embed(texts[i]), "the async and the bulk path agree ({0})", texts[i]);
            embeddings[i].ModelId.Should().Be(SyntheticModelFixture.ModelId);
        }
    }

    [Theory]
    [InlineData("spaghetti carbonara")]
    [InlineData("void")]
    [InlineData("!!! 123 ???")]
    [InlineData("")]
    public void Embed_WhenNoWordHasAVector_ThenAllZeros(string text)
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);

        generator.Embed(text).Should().HaveCount(SyntheticModelFixture.Dimensions).And.OnlyContain(x => x == 0);
    }

    [Fact]
    public void Embed_WhenOneKnownWordAmongUnknown_ThenThatWordsVector()
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);
        var haircut = new float[SyntheticModelFixture.Dimensions];
        model.Vectors.TryGetVector("haircut", haircut);

        var embedding = generator.Embed("Booked a HAIRCUT with Giuseppe");

        embedding.Should().Equal(haircut, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Embed_WhenFrequentAndRareWordMixed_ThenTheRareWordDominates()
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);
        var the = new float[SyntheticModelFixture.Dimensions];
        var barber = new float[SyntheticModelFixture.Dimensions];
        model.Vectors.TryGetVector("the", the);
        model.Vectors.TryGetVector("barber", barber);

        var embedding = generator.Embed("the barber");

        Dot(embedding, barber).Should().BeGreaterThan(Dot(embedding, the), "SIF weighs \"the\" (rank 0) below \"barber\" (rank 6)");
    }

    [Fact]
    public void Embed_WhenDestinationHasWrongLength_ThenArgumentException()
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);

        var embed = () => generator.Embed("dinner", new float[5]);

        embed.Should().Throw<ArgumentException>().WithMessage("The destination holds 5 floats; the model has 6 dimensions.*");
    }

    [Fact]
    public void Embed_WhenTextLongerThanTheStackBuffer_ThenEveryWordCounts()
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);
        var text = string.Concat(Enumerable.Repeat("zzz ", 300)) + "lunch";

        generator.Embed(text).Should().Equal(generator.Embed("lunch"));
    }

    [Fact]
    public void GetService_WhenMetadataAsked_ThenGloveProviderWithModelIdAndDimensions()
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        metadata.Should().NotBeNull();
        metadata!.ProviderName.Should().Be("glove");
        metadata.DefaultModelId.Should().Be(SyntheticModelFixture.ModelId);
        metadata.DefaultModelDimensions.Should().Be(SyntheticModelFixture.Dimensions);
        generator.GetService<WordVectors>().Should().BeSameAs(model.Vectors);
        generator.GetService<GloveEmbeddingGenerator>().Should().BeSameAs(generator);
        generator.GetService(typeof(EmbeddingGeneratorMetadata), serviceKey: "other").Should().BeNull();
        generator.GetService<string>().Should().BeNull();
    }

    [Fact]
    public async Task GenerateAsync_WhenOptionsAskForOtherDimensionsOrModel_ThenArgumentException()
    {
        using var generator = new GloveEmbeddingGenerator(model.Vectors);

        var otherDimensions = () => generator.GenerateAsync(["dinner"], new EmbeddingGenerationOptions { Dimensions = 3 });
        var otherModel = () => generator.GenerateAsync(["dinner"], new EmbeddingGenerationOptions { ModelId = "text-embedding-3-small" });

        await otherDimensions.Should().ThrowAsync<ArgumentException>().WithMessage("This model makes 6-dimensional embeddings, not 3.*");
        await otherModel.Should().ThrowAsync<ArgumentException>().WithMessage($"This generator serves {SyntheticModelFixture.ModelId}, not text-embedding-3-small.*");
        (await generator.GenerateAsync(["dinner"], new EmbeddingGenerationOptions { Dimensions = 6, ModelId = SyntheticModelFixture.ModelId })).Should().HaveCount(1);
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static float Norm(float[] v) => MathF.Sqrt(Dot(v, v));
}
