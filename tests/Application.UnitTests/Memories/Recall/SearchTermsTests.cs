using MemoryAssistant.Application.Memories.Recall;

namespace MemoryAssistant.Application.UnitTests.Memories.Recall;

public sealed class SearchTermsTests
{
    public static TheoryData<string, string[]> Questions => new()
    {
        { "What did I plan for dinner?", ["dinner"] },
        { "Show me my hairstyle update", ["hairstyle", "update"] },
        { "what groceries do I need", ["groceries"] },
        { "when is the dentist", ["dentist"] },
        { "When is the DENTIST?!", ["dentist"] },
        { "Where did I park", ["park"] },
        { "what's the wifi password", ["wifi", "password"] },
        { "mum's birthday", ["mum", "birthday"] },
        { "mum’s birthday", ["mum", "birthday"] },
        { "Isabel's flight", ["isabel", "flight"] },
        { "parked on level 3, spot 42", ["parked", "level", "3", "spot", "42"] },
        { "🎂 birthday 🎉", ["birthday"] },
        { "dinner🍝plans", ["dinner", "plans"] },
        { "👍", [] },
        { "what did I save?", [] },
        { "", [] },
        { "   \n\t", [] },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public void Extract_WhenQuestion_ThenReturnsContentWordsInOrder(string question, string[] expected)
    {
        SearchTerms.Extract(question).Should().Equal(expected);
    }

    [Fact]
    public void Extract_WhenNull_ThenReturnsEmpty()
    {
        SearchTerms.Extract(null).Should().BeEmpty();
    }

    [Theory]
    [InlineData("NEAR(dinner \"x\" *")]
    [InlineData("dinner* OR \"lunch\" AND NOT -breakfast")]
    [InlineData("content:dinner tags:food")]
    [InlineData("{content tags}: dinner ^start")]
    [InlineData("dinner\" OR \"1\"=\"1")]
    public void Extract_WhenInputLooksLikeFtsSyntax_ThenReturnsPlainWordsOnly(string question)
    {
        var terms = SearchTerms.Extract(question);

        terms.Should().Contain("dinner");
        terms.Should().OnlyContain(t => t.All(char.IsLetterOrDigit),
            "terms go to the memory layer and must not carry FTS5 syntax, but were [{0}]", string.Join(", ", terms));
    }

    [Fact]
    public void Extract_WhenFtsNearExpression_ThenKeepsOnlyTheWords()
    {
        SearchTerms.Extract("NEAR(dinner \"x\" *").Should().Equal("near", "dinner");
    }

    [Fact]
    public void Extract_WhenWordsRepeat_ThenEachIsReturnedOnce()
    {
        SearchTerms.Extract("dinner Dinner DINNER pasta dinner pasta").Should().Equal("dinner", "pasta");
    }

    [Fact]
    public void Extract_WhenPossessiveAndPlainFormRepeat_ThenReturnedOnce()
    {
        SearchTerms.Extract("mum's birthday and mum").Should().Equal("mum", "birthday");
    }

    [Fact]
    public void Extract_WhenManyContentWords_ThenKeepsOnlyTheFirstTwelve()
    {
        var words = Enumerable.Range(1, 20).Select(i => "word" + (char)('a' + i)).ToArray();

        var terms = SearchTerms.Extract(string.Join(' ', words));

        terms.Should().HaveCount(SearchTerms.MaxTerms).And.Equal(words.Take(12));
    }

    [Fact]
    public void Extract_WhenManyWordsWithDuplicatesAndFillers_ThenTwelveDistinctContentWords()
    {
        var text = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"the w{i} w{i} and"));

        var terms = SearchTerms.Extract(text);

        terms.Should().HaveCount(12).And.OnlyHaveUniqueItems();
        terms[0].Should().Be("w1");
        terms[^1].Should().Be("w12");
    }

    [Theory]
    [InlineData("a b c x y z")]
    [InlineData("I me my")]
    public void Extract_WhenOnlySingleLettersOrFillers_ThenReturnsEmpty(string text)
    {
        SearchTerms.Extract(text).Should().BeEmpty();
    }

    [Fact]
    public void Extract_WhenSingleDigit_ThenKeptBecauseNumbersAreContent()
    {
        SearchTerms.Extract("spot 7").Should().Equal("spot", "7");
    }

    [Fact]
    public void Extract_WhenAccentedWord_ThenKeptLowerCase()
    {
        SearchTerms.Extract("Café in LISBOA").Should().Equal("café", "lisboa");
    }

    [Fact]
    public void Extract_WhenQuotesAroundWords_ThenQuotesAreRemoved()
    {
        SearchTerms.Extract("'dinner' and \"pasta\"").Should().Equal("dinner", "pasta");
    }
}
