using System.Security.Cryptography;
using System.Text;
using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Media;

namespace MemoryAssistant.Domain.UnitTests.Media;

public sealed class ContentHashTests
{
    // FIPS 180-2 test vectors.
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Of_WhenBytesAreAbc_ThenIsTheKnownSha256InLowerCaseHex()
    {
        ContentHash.Of("abc"u8).Value.Should().Be(AbcSha256);
    }

    [Fact]
    public void Of_WhenNoBytes_ThenIsTheSha256OfTheEmptyString()
    {
        ContentHash.Of([]).Value.Should().Be(EmptySha256);
    }

    [Fact]
    public async Task OfAsync_WhenStreamHoldsAbc_ThenEqualsOf()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("abc"));

        var hash = await ContentHash.OfAsync(stream);

        hash.Should().Be(ContentHash.Of("abc"u8));
        hash.Value.Should().Be(AbcSha256);
    }

    [Fact]
    public async Task OfAsync_WhenStreamIsLarge_ThenEqualsOfTheSameBytes()
    {
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(bytes);
        using var stream = new MemoryStream(bytes);

        var hash = await ContentHash.OfAsync(stream);

        hash.Should().Be(ContentHash.Of(bytes));
        hash.Value.Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void Parse_WhenLowerCaseHex_ThenRoundTrips()
    {
        var hash = ContentHash.Parse(AbcSha256);

        hash.Should().Be(ContentHash.Of("abc"u8));
        hash.ToString().Should().Be(AbcSha256);
    }

    [Fact]
    public void Parse_WhenSurroundedByWhitespace_ThenTrimmed()
    {
        ContentHash.Parse(" " + AbcSha256 + "\n").Value.Should().Be(AbcSha256);
    }

    [Theory]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]   // upper case
    [InlineData("Ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]   // one upper-case letter
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]    // 63 digits
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0")]  // 65 digits
    [InlineData("ba7816bf")]
    [InlineData("ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]   // 'g' is not hex
    [InlineData("ba7816bf8f01cfea414140de5dae2223 00361a396177a9cb410ff61f20015ad")]   // inner space
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_WhenNotSixtyFourLowerCaseHexDigits_ThenThrowsDomainException(string? text)
    {
        var act = () => ContentHash.Parse(text);

        act.Should().Throw<DomainException>();
    }
}
