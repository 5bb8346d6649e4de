using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Domain.UnitTests.Users;

public sealed class WhatsAppNumberTests
{
    [Theory]
    [InlineData("+14155550100")]
    [InlineData("whatsapp:+14155550100")]
    [InlineData("WhatsApp:+14155550100")]
    [InlineData("  whatsapp:+14155550100  ")]
    [InlineData("+1 415 555 0100")]
    [InlineData("+1-415-555-0100")]
    [InlineData("+1 (415) 555-0100")]
    [InlineData("whatsapp:+1 (415) 555-0100")]
    public void Parse_WhenE164OrChannelAddressWithSeparators_ThenAllParseToTheSameValue(string text)
    {
        var number = WhatsAppNumber.Parse(text);

        number.Value.Should().Be("+14155550100");
        number.Should().Be(WhatsAppNumber.Parse("+14155550100"));
    }

    [Fact]
    public void Parse_WhenChannelAddressAndE164_ThenValuesAreEqualAndHashAlike()
    {
        var fromTwilio = WhatsAppNumber.Parse("whatsapp:+351912345678");
        var fromApi = WhatsAppNumber.Parse("+351 912 345 678");

        fromTwilio.Should().Be(fromApi);
        fromTwilio.GetHashCode().Should().Be(fromApi.GetHashCode());
    }

    [Theory]
    [InlineData("14155550100")]                 // no '+'
    [InlineData("whatsapp:14155550100")]        // no '+' after the prefix
    [InlineData("+04155550100")]                // country code starting with 0
    [InlineData("+0014155550100")]              // international dialling prefix, not E.164
    [InlineData("+1234567890123456")]           // 16 digits
    [InlineData("+12345678901234567890")]       // far too long
    [InlineData("+123456")]                     // 6 digits
    [InlineData("+1")]
    [InlineData("+")]
    [InlineData("+1415555CALL")]                // letters
    [InlineData("+1415555010O")]                // letter O instead of zero
    [InlineData("+1 415 555 0100 ext 2")]
    [InlineData("++14155550100")]
    [InlineData("1+4155550100")]                // '+' not in front
    [InlineData("sms:+14155550100")]            // another channel
    [InlineData("+١٤١٥٥٥٥٠١٠٠")]                // non-ASCII digits
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_WhenNotAnE164Number_ThenReturnsFalse(string? text)
    {
        WhatsAppNumber.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("14155550100")]
    [InlineData("+04155550100")]
    [InlineData("+1234567890123456")]
    [InlineData("+123456")]
    [InlineData("+1415555CALL")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_WhenNotAnE164Number_ThenThrowsDomainException(string? text)
    {
        var act = () => WhatsAppNumber.Parse(text);

        act.Should().Throw<DomainException>();
    }

    [Theory]
    [InlineData("+1234567", "+1234567")]                    // 7 digits: the shortest accepted
    [InlineData("+123456789012345", "+123456789012345")]    // 15 digits: the longest E.164 allows
    public void Parse_WhenDigitCountIsAtTheLimits_ThenAccepted(string text, string expected)
    {
        WhatsAppNumber.Parse(text).Value.Should().Be(expected);
    }

    [Fact]
    public void Digits_WhenParsed_ThenIsTheNumberWithoutThePlus()
    {
        WhatsAppNumber.Parse("whatsapp:+1 (415) 555-0100").Digits.Should().Be("14155550100");
    }

    [Fact]
    public void ChannelAddress_WhenParsed_ThenIsTheTwilioWhatsAppAddress()
    {
        WhatsAppNumber.Parse("+1 415 555 0100").ChannelAddress.Should().Be("whatsapp:+14155550100");
    }

    [Fact]
    public void ToString_WhenParsed_ThenIsTheE164Value()
    {
        WhatsAppNumber.Parse("whatsapp:+14155550100").ToString().Should().Be("+14155550100");
    }

    [Theory]
    [InlineData("+14155550100", "0100")]
    [InlineData("+351912345678", "5678")]
    [InlineData("+1234567", "4567")]
    public void Masked_WhenNumberIsValid_ThenShowsOnlyTheLastFourDigits(string text, string lastFour)
    {
        var number = WhatsAppNumber.Parse(text);

        var masked = number.Masked;

        masked.Should().EndWith(lastFour);
        masked.Count(char.IsAsciiDigit).Should().Be(4, "all but the last four digits of {0} must be hidden, but Masked is \"{1}\"", text, masked);
    }

    [Fact]
    public void Masked_WhenNumberIsValid_ThenDoesNotContainTheFullNumber()
    {
        var number = WhatsAppNumber.Parse("+14155550100");

        number.Masked.Should().NotContain(number.Digits).And.NotContain(number.Value);
    }
}
