using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Interactions;

namespace MemoryAssistant.Domain.UnitTests.Interactions;

public sealed class MessageSidTests
{
    private const string Hex32 = "0123456789abcdef0123456789ABCDEF";

    [Theory]
    [InlineData("SM" + Hex32)]
    [InlineData("MM" + Hex32)]
    [InlineData("SM00000000000000000000000000000000")]
    [InlineData("MMffffffffffffffffffffffffffffffff")]
    public void Parse_WhenTwoUpperCaseLettersAnd32Hex_ThenValueIsKept(string text)
    {
        var sid = MessageSid.Parse(text);

        sid.Value.Should().Be(text);
        sid.ToString().Should().Be(text);
    }

    [Fact]
    public void Parse_WhenSurroundedByWhitespace_ThenTrimmed()
    {
        MessageSid.Parse("  SM" + Hex32 + "\n").Value.Should().Be("SM" + Hex32);
    }

    [Fact]
    public void Parse_WhenSameText_ThenEqual()
    {
        MessageSid.Parse("SM" + Hex32).Should().Be(MessageSid.Parse("SM" + Hex32));
    }

    [Theory]
    [InlineData("SM0123456789abcdef0123456789abcde")]     // 31 hex
    [InlineData("SM0123456789abcdef0123456789abcdef0")]   // 33 hex
    [InlineData("SM")]
    [InlineData("sm0123456789abcdef0123456789abcdef")]    // lower-case prefix
    [InlineData("Sm0123456789abcdef0123456789abcdef")]
    [InlineData("mM0123456789abcdef0123456789abcdef")]
    [InlineData("SM0123456789abcdef0123456789abcdeg")]    // 'g' is not hex
    [InlineData("SM0123456789abcdef 123456789abcdef")]    // inner space
    [InlineData("SM-123456789abcdef0123456789abcdef")]
    [InlineData("S10123456789abcdef0123456789abcdef")]    // digit in the prefix
    [InlineData("120123456789abcdef0123456789abcdef")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_WhenNotATwilioSid_ThenReturnsFalse(string? text)
    {
        MessageSid.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("sm0123456789abcdef0123456789abcdef")]
    [InlineData("SM0123456789abcdef0123456789abcdeg")]
    [InlineData("SM123")]
    [InlineData(null)]
    public void Parse_WhenNotATwilioSid_ThenThrowsDomainException(string? text)
    {
        var act = () => MessageSid.Parse(text);

        act.Should().Throw<DomainException>();
    }
}
