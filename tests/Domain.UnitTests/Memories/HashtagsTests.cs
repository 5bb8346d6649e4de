using System.Text;
using MemoryAssistant.Domain.Memories;

namespace MemoryAssistant.Domain.UnitTests.Memories;

public sealed class HashtagsTests
{
    [Fact]
    public void Extract_WhenTextHasTags_ThenReturnsThemNormalisedInOrder()
    {
        Hashtags.Extract("#groceries milk #Food").Should().Equal("groceries", "food");
    }

    [Theory]
    [InlineData("I write C# at work")]
    [InlineData("C# and F# are fine")]
    [InlineData("Parked on level 3, spot #1")]
    [InlineData("#1 priority")]
    [InlineData("#2026 plans")]
    [InlineData("see page#anchor")]
    [InlineData("email me at ana@example.com#top")]
    [InlineData("## heading")]
    [InlineData("#")]
    [InlineData("# spaced")]
    public void Extract_WhenHashIsNotATag_ThenReturnsNothing(string text)
    {
        Hashtags.Extract(text).Should().BeEmpty();
    }

    [Fact]
    public void Extract_WhenTagMixesLettersDigitsUnderscoreAndDash_ThenKeepsThemAll()
    {
        Hashtags.Extract("#trip2026 #to_do #follow-up").Should().Equal("trip2026", "to_do", "follow-up");
    }

    [Fact]
    public void Extract_WhenTagIsFollowedByPunctuation_ThenPunctuationIsNotPartOfTheTag()
    {
        Hashtags.Extract("milk (#groceries), eggs #food.").Should().Equal("groceries", "food");
    }

    [Fact]
    public void Extract_WhenTagHasAccentedLetters_ThenKeepsThem()
    {
        Hashtags.Extract("Pastel de nata #café #Lisboa").Should().Equal("café", "lisboa");
    }

    [Theory]
    [InlineData("#Ψυχαγωγία", "ψυχαγωγία")]
    [InlineData("#Москва", "москва")]
    [InlineData("#東京", "東京")]
    public void Extract_WhenTagIsInAnotherScript_ThenKeepsIt(string text, string expected)
    {
        Hashtags.Extract(text).Should().Equal(expected);
    }

    [Fact]
    public void Extract_WhenAccentIsACombiningMark_ThenTheWholeWordIsTheTag()
    {
        // "café" as many keyboards and clipboards send it: 'e' followed by U+0301 COMBINING ACUTE ACCENT.
        var decomposed = "#cafe\u0301 tomorrow";

        var tags = Hashtags.Extract(decomposed);

        tags.Should().ContainSingle();
        tags[0].Normalize(NormalizationForm.FormC).Should().Be("café");
    }

    [Fact]
    public void Extract_WhenTagIsInAScriptWithVowelSigns_ThenTheWholeWordIsTheTag()
    {
        // Devanagari writes vowels and the virama as combining marks (Mn): "नमस्ते" is न म स ् त े.
        Hashtags.Extract("#नमस्ते दोस्तों").Should().Equal("नमस्ते");
    }

    [Fact]
    public void Extract_WhenSameTagAppearsInDifferentCase_ThenReturnsItOnce()
    {
        Hashtags.Extract("#food #Food #FOOD #groceries #food").Should().Equal("food", "groceries");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("no tags here")]
    public void Extract_WhenNoTags_ThenReturnsEmpty(string? text)
    {
        Hashtags.Extract(text).Should().BeEmpty();
    }

    [Fact]
    public void Extract_WhenTagIsLongerThanMaxLength_ThenTruncatedToMaxLength()
    {
        var tag = Hashtags.Extract("#" + new string('a', 60)).Should().ContainSingle().Subject;

        tag.Should().HaveLength(MemoryTag.MaxLength);
    }

    [Fact]
    public void Extract_WhenTagStartsAtLineStart_ThenFound()
    {
        Hashtags.Extract("milk\n#groceries\n#food").Should().Equal("groceries", "food");
    }
}
