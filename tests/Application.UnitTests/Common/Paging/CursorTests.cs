using MemoryAssistant.Application.Common.Paging;

namespace MemoryAssistant.Application.UnitTests.Common.Paging;

public sealed class CursorTests
{
    [Theory]
    [InlineData(1_795_478_400_000L, 42L)]
    [InlineData(0L, 0L)]
    [InlineData(1L, 1L)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void TryDecode_WhenEncodedCursor_ThenRoundTrips(long occurredAtUnixMs, long id)
    {
        var cursor = new Cursor(occurredAtUnixMs, id);

        var ok = Cursor.TryDecode(cursor.Encode(), out var decoded);

        ok.Should().BeTrue();
        decoded.Should().Be(cursor);
    }

    [Fact]
    public void Encode_WhenCalled_ThenIsUrlSafeAndFitsTheDecodeLimit()
    {
        var encoded = new Cursor(long.MaxValue, long.MaxValue).Encode();

        encoded.Should().MatchRegex("^[A-Za-z0-9_-]+$");
        encoded.Length.Should().BeLessThanOrEqualTo(64);
    }

    [Fact]
    public void Encode_WhenSameCursor_ThenSameText()
    {
        new Cursor(5, 6).Encode().Should().Be(new Cursor(5, 6).Encode());
        new Cursor(5, 6).Encode().Should().NotBe(new Cursor(6, 5).Encode());
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("!!!!")]
    [InlineData("%%%")]
    [InlineData("A")]
    [InlineData("AAAA")]
    [InlineData("====")]
    [InlineData("bm90LWEtY3Vyc29y")]      // "not-a-cursor"
    [InlineData("MTIzNDU")]               // "12345": no separator
    [InlineData("MToyOjM")]               // "1:2:3"
    [InlineData("YWJjOmRlZg")]            // "abc:def"
    [InlineData("MTo")]                   // "1:"
    [InlineData("OjE")]                   // ":1"
    [InlineData("IDE6Mg")]                // " 1:2"
    [InlineData("KzE6Mg")]                // "+1:2"
    [InlineData("MS4wOjI")]               // "1.0:2"
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OTk6MQ")] // "99999999999999999999:1": overflows a long
    public void TryDecode_WhenGarbage_ThenReturnsFalse(string text)
    {
        var ok = Cursor.TryDecode(text, out var cursor);

        ok.Should().BeFalse();
        cursor.Should().Be(default(Cursor));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void TryDecode_WhenEmpty_ThenReturnsFalse(string? text)
    {
        Cursor.TryDecode(text, out _).Should().BeFalse();
    }

    [Fact]
    public void TryDecode_WhenLongerThan64Characters_ThenReturnsFalse()
    {
        // Decodes to a well-formed "digits:digits" pair, but no real cursor is this long.
        var text = new Cursor(1, 1).Encode().PadRight(65, 'A');

        Cursor.TryDecode(text, out _).Should().BeFalse();
        Cursor.TryDecode(new string('A', 10_000), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(-1L, 5L)]
    [InlineData(5L, -1L)]
    [InlineData(long.MinValue, 1L)]
    public void TryDecode_WhenEitherNumberIsNegative_ThenReturnsFalse(long occurredAtUnixMs, long id)
    {
        var text = new Cursor(occurredAtUnixMs, id).Encode();

        Cursor.TryDecode(text, out _).Should().BeFalse();
    }
}
