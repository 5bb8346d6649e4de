using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.TimeZones;
using NodaTime;
using NodaTime.TimeZones;
using PhoneNumbers;

namespace MemoryAssistant.Infrastructure.IntegrationTests.TimeZones;

// Runs against the real libphonenumber and NodaTime data, so a package bump that changes a guess shows up here.
public sealed class PhoneNumberTimeZoneGuesserTests
{
    private readonly PhoneNumberTimeZoneGuesser _guesser = new();

    [Theory]
    [InlineData("+351912345678", "Europe/Lisbon")]
    [InlineData("+351 21 234 5678", "Europe/Lisbon")]
    [InlineData("+44 7700 900123", "Europe/London")]
    [InlineData("+44 20 7123 4567", "Europe/London")]
    [InlineData("+91 98123 45678", "Asia/Kolkata")]
    [InlineData("+1 212 555 0100", "America/New_York")]
    [InlineData("+1 415 555 0100", "America/Los_Angeles")]
    [InlineData("+1 613 555 0100", "America/Toronto")]
    [InlineData("+55 11 91234 5678", "America/Sao_Paulo")]
    [InlineData("+61 412 345 678", "Australia/Sydney")]
    [InlineData("+61 2 9876 5432", "Australia/Sydney")]
    [InlineData("+81 3 1234 5678", "Asia/Tokyo")]
    [InlineData("+81 90 1234 5678", "Asia/Tokyo")]
    [InlineData("+686 72012345", "Pacific/Tarawa")]
    [InlineData("+7 916 123 4567", "Europe/Moscow")]
    [InlineData("+7 423 212 3456", "Asia/Vladivostok")]
    [InlineData("+7 701 123 4567", "Asia/Almaty")]
    [InlineData("+34 612 345 678", "Europe/Madrid")]
    [InlineData("+52 55 1234 5678", "America/Mexico_City")]
    [InlineData("+54 9 11 2345 6789", "America/Argentina/Buenos_Aires")]
    [InlineData("+62 812 3456 789", "Asia/Jakarta")]
    [InlineData("+243 81 234 5678", "Africa/Kinshasa")]
    [InlineData("+380 50 123 4567", "Europe/Kyiv")]
    [InlineData("+31 6 12345678", "Europe/Amsterdam")]
    [InlineData("+370 612 34567", "Europe/Vilnius")]
    [InlineData("+218 91 234 5678", "Africa/Tripoli")]
    [InlineData("+998 90 123 45 67", "Asia/Tashkent")]
    [InlineData("+383 44 123 456", "Europe/Belgrade")]
    [InlineData("+60 3 2123 4567", "Asia/Kuala_Lumpur")]
    [InlineData("+60 12 345 6789", "Asia/Kuala_Lumpur")]
    [InlineData("+1 808 555 0100", "Pacific/Honolulu")]
    [InlineData("+1 787 555 0100", "America/Puerto_Rico")]
    [InlineData("+34 922 123 456", "Atlantic/Canary")]
    [InlineData("+1 604 555 0100", "America/Vancouver")]
    [InlineData("+55 92 3212 3456", "America/Manaus")]
    [InlineData("+52 664 123 4567", "America/Tijuana")]
    [InlineData("+62 361 123456", "Asia/Makassar")]
    public void Guess_WhenNumberIsKnown_ThenReturnsExpectedZone(string number, string expectedZone)
    {
        var guess = _guesser.Guess(number);

        guess.ZoneId.Should().Be(expectedZone, because: guess.Reason);
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(guess.ZoneId).Should().NotBeNull();
        guess.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("+1 212 555 0100", "America/New_York", "area code 212")]
    [InlineData("+1 415 555 0100", "America/Los_Angeles", "area code 415")]
    [InlineData("+351 91 234 5678", "Europe/Lisbon", "country PT has several zones: chose Europe/Lisbon")]
    [InlineData("+61 412 345 678", "Australia/Sydney", "country AU has several zones: chose Australia/Sydney")]
    [InlineData("+686 72012345", "Pacific/Tarawa", "country KI has several zones: chose Pacific/Tarawa")]
    [InlineData("+44 7700 900123", "Europe/London", "country GB")]
    [InlineData("+81 3 1234 5678", "Asia/Tokyo", "country JP")]
    [InlineData("+383 44 123 456", "Europe/Belgrade", "country XK has no zone of its own: chose Europe/Belgrade")]
    public void Guess_WhenDecided_ThenReasonSaysHow(string number, string expectedZone, string expectedReason)
    {
        var guess = _guesser.Guess(number);

        guess.Should().Be(new TimeZoneGuess(expectedZone, expectedReason));
    }

    [Theory]
    [InlineData("351912345678", "Europe/Lisbon")]
    [InlineData("  +351912345678  ", "Europe/Lisbon")]
    [InlineData("whatsapp:+14155550100", "America/Los_Angeles")]
    [InlineData("+1 (415) 555-0100", "America/Los_Angeles")]
    public void Guess_WhenNumberComesInWhatsAppProviderFormat_ThenIsStillRecognised(string number, string expectedZone)
    {
        _guesser.Guess(number).ZoneId.Should().Be(expectedZone);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+")]
    [InlineData("+12345")]
    [InlineData("+999 123456789")]
    [InlineData("+800 1234 5678")]
    public void Guess_WhenNumberIsUnusable_ThenReturnsUtcWithReason(string number)
    {
        var guess = _guesser.Guess(number);

        guess.ZoneId.Should().Be("UTC");
        guess.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Guess_WhenNumberIsNull_ThenReturnsUtc()
    {
        _guesser.Guess(null!).ZoneId.Should().Be("UTC");
    }

    [Fact]
    public void Guess_WhenGivenExampleNumbersOfEveryRegion_ThenEveryZoneExistsInTzdb()
    {
        var phoneUtil = PhoneNumberUtil.GetInstance();
        var checkedCount = 0;

        foreach (var region in phoneUtil.GetSupportedRegions())
        {
            foreach (var type in new[] { PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE })
            {
                var example = phoneUtil.GetExampleNumberForType(region, type);
                if (example is null)
                {
                    continue;
                }

                var guess = _guesser.Guess(phoneUtil.Format(example, PhoneNumberFormat.E164));

                guess.ZoneId.Should().NotBe("UTC", because: $"{region} {type} is a real region ({guess.Reason})");
                DateTimeZoneProviders.Tzdb.GetZoneOrNull(guess.ZoneId).Should().NotBeNull(because: $"{region} {type} gave {guess.ZoneId}");
                checkedCount++;
            }
        }

        checkedCount.Should().BeGreaterThan(400);
    }

    [Fact]
    public void PreferredZones_WhenCompared_ThenEachIsOneOfItsCountrysZonesOrTheCountryHasNone()
    {
        var zonesByCountry = TzdbDateTimeZoneSource.Default.ZoneLocations!.ToLookup(location => location.CountryCode, location => location.ZoneId);

        foreach (var (country, zone) in PhoneNumberTimeZoneGuesser.PreferredZones)
        {
            DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone).Should().NotBeNull(because: country);
            var countryZones = zonesByCountry[country].ToList();
            if (countryZones.Count > 0)
            {
                countryZones.Should().HaveCountGreaterThan(1, because: $"{country} needs no preference if it has one zone")
                    .And.Contain(zone, because: $"{zone} should be one of {country}'s zones");
            }
        }
    }

    // Keeps docs/time-zones-by-phone.md honest: every multi-zone country a user can phone from has an explicit choice.
    [Fact]
    public void PreferredZones_WhenCountryWithPhoneNumbersHasSeveralZones_ThenHasAnEntry()
    {
        var phoneRegions = PhoneNumberUtil.GetInstance().GetSupportedRegions();
        var multiZoneCountries = TzdbDateTimeZoneSource.Default.ZoneLocations!
            .GroupBy(location => location.CountryCode)
            .Where(group => group.Count() > 1 && phoneRegions.Contains(group.Key))
            .Select(group => group.Key);

        PhoneNumberTimeZoneGuesser.PreferredZones.Keys.Should().Contain(multiZoneCountries);
    }

    [Fact]
    public void Guess_WhenCalledFromManyThreads_ThenAnswersAreConsistent()
    {
        var numbers = new[] { "+14155550100", "+351912345678", "+61412345678", "+919812345678" };
        var expected = numbers.Select(_guesser.Guess).ToArray();
        var results = new TimeZoneGuess[2_000];

        Parallel.For(0, results.Length, i => results[i] = _guesser.Guess(numbers[i % numbers.Length]));

        for (var i = 0; i < results.Length; i++)
        {
            results[i].Should().Be(expected[i % numbers.Length]);
        }
    }
}
