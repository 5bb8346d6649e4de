using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

namespace MemoryAssistant.Infrastructure.IntegrationTests.MemoryLayer;

public sealed class FtsQueryTests
{
    [Fact]
    public void AnyOf_WhenPlainWords_ThenQuotedStringsJoinedByOr() =>
        FtsQuery.AnyOf(["milk", "eggs"]).Should().Be("\"milk\" OR \"eggs\"");

    [Fact]
    public void AnyOf_WhenOneWord_ThenOneQuotedString() =>
        FtsQuery.AnyOf(["dentist"]).Should().Be("\"dentist\"");

    [Theory]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("\"milk\"", "\"\"\"milk\"\"\"")]
    [InlineData("say \"\"hi\"\"", "\"say \"\"\"\"hi\"\"\"\"\"")]
    public void AnyOf_WhenTermContainsQuotes_ThenQuotesDoubled(string term, string expected) =>
        FtsQuery.AnyOf([term]).Should().Be(expected);

    [Theory]
    [InlineData("NEAR(milk eggs)")]
    [InlineData("milk*")]
    [InlineData("-milk")]
    [InlineData("content:milk")]
    [InlineData("^milk")]
    [InlineData("AND")]
    public void AnyOf_WhenTermIsFtsSyntax_ThenItIsOneQuotedString(string term) =>
        FtsQuery.AnyOf([term]).Should().Be("\"" + term + "\"");

    [Fact]
    public void AnyOf_WhenTermsHaveSurroundingWhitespace_ThenTrimmed() =>
        FtsQuery.AnyOf(["  milk ", "\teggs\n"]).Should().Be("\"milk\" OR \"eggs\"");

    [Fact]
    public void AnyOf_WhenSomeTermsAreBlank_ThenBlankOnesSkipped() =>
        FtsQuery.AnyOf(["", "milk", "   "]).Should().Be("\"milk\"");

    [Fact]
    public void AnyOf_WhenNoTerms_ThenNull() =>
        FtsQuery.AnyOf([]).Should().BeNull();

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    public void AnyOf_WhenAllTermsBlank_ThenNull(string blank) =>
        FtsQuery.AnyOf([blank, blank]).Should().BeNull();
}
