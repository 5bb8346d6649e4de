using MemoryAssistant.Infrastructure.Embeddings;
using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;
using MemoryAssistant.Infrastructure.Tagging;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Tagging;

public sealed class TopicTaggerTests
{
    private static readonly TopicTagger s_lexiconOnly = new(MemoryEmbeddings.None("no model"));
    private static readonly Lazy<TopicTagger> s_withVectors = new(() =>
        new TopicTagger(MemoryEmbeddings.FromWordVectors(WordVectors.LoadShared(RepoPaths.RequireWordVectorModel()))));

    [Theory]
    [InlineData("Dentist appointment moved to Thursday", "health")]
    [InlineData("Flight to Tokyo leaves at 9, passport in the blue bag", "travel")]
    [InlineData("Pay the water bills by Friday", "finance")]
    [InlineData("Biscuit's vet visit on Monday", "pets")]
    public void Suggest_WhenALexiconWordAppears_ThenTagsItsTopic(string note, string tag) =>
        s_lexiconOnly.Suggest(note).Should().Contain(tag);

    [Fact]
    public void Suggest_WhenNothingNamesATopic_ThenNoTags()
    {
        s_lexiconOnly.Suggest("The blue umbrella is by the door").Should().BeEmpty();
        s_withVectors.Value.Suggest("The blue umbrella is by the door").Should().BeEmpty("common words are never stretched to a topic");
    }

    [Fact]
    public void Suggest_WhenManyTopics_ThenAtMostTwo_StrongestFirst()
    {
        var tags = s_lexiconOnly.Suggest("Dinner with mum and dad after the doctor; book the restaurant and the cafe");

        tags.Should().HaveCount(TopicTagger.MaxTags);
        tags[0].Should().Be("food", "three food words outweigh two family words and one health word");
    }

    [Fact]
    public void Suggest_WithWordVectors_WhenAWordIsNearATopic_ThenTagsIt()
    {
        s_lexiconOnly.Suggest("Lasagna and tiramisu tonight").Should().BeEmpty();

        s_withVectors.Value.Suggest("Lasagna and tiramisu tonight").Should().Equal("food");
    }
}
