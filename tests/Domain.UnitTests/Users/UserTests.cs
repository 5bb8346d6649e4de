using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.UnitTests.Users;

public sealed class UserTests
{
    private static readonly Instant _registeredAt = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly WhatsAppNumber _number = WhatsAppNumber.Parse("whatsapp:+351912345678");

    [Fact]
    public void Register_WhenZoneIsValid_ThenSetsZoneNumberAndTimes()
    {
        var user = User.Register(_number, "Ana", "351912345678", "Europe/Lisbon", _registeredAt);

        user.TimeZoneId.Should().Be("Europe/Lisbon");
        user.TimeZone.Should().Be(DateTimeZoneProviders.Tzdb["Europe/Lisbon"]);
        user.Number.Should().Be(_number);
        user.ProfileName.Should().Be("Ana");
        user.WaId.Should().Be("351912345678");
        user.CreatedAt.Should().Be(_registeredAt);
        user.LastSeenAt.Should().Be(_registeredAt);
    }

    [Fact]
    public void Register_WhenZoneIsLowerCase_ThenStoresCanonicalZoneId()
    {
        User.Register(_number, null, null, "asia/kolkata", _registeredAt).TimeZoneId.Should().Be("Asia/Kolkata");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("GMT+5")]
    public void Register_WhenZoneIsNotIana_ThenThrowsDomainException(string zone)
    {
        var act = () => User.Register(_number, null, null, zone, _registeredAt);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void Register_WhenProfileNameIsPadded_ThenTrimmed()
    {
        User.Register(_number, "  Ana  ", null, "UTC", _registeredAt).ProfileName.Should().Be("Ana");
    }

    [Fact]
    public void Register_WhenProfileNameIsBlank_ThenProfileNameIsNull()
    {
        User.Register(_number, "   ", null, "UTC", _registeredAt).ProfileName.Should().BeNull();
    }

    [Theory]
    [InlineData("europe/lisbon")]
    [InlineData("EUROPE/LISBON")]
    [InlineData("Europe/Lisbon")]
    [InlineData("  europe/LISBON ")]
    public void ChangeTimeZone_WhenZoneDiffersOnlyInCase_ThenStoresCanonicalZoneId(string zone)
    {
        var user = NewUser("America/New_York");

        user.ChangeTimeZone(zone);

        user.TimeZoneId.Should().Be("Europe/Lisbon");
        user.TimeZone.Id.Should().Be("Europe/Lisbon");
    }

    [Theory]
    [InlineData("Europe/Lisboa")]
    [InlineData("Lisbon")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("   ")]
    public void ChangeTimeZone_WhenZoneIsUnknown_ThenThrowsDomainExceptionAndKeepsTheZone(string zone)
    {
        var user = NewUser("America/New_York");

        var act = () => user.ChangeTimeZone(zone);

        act.Should().Throw<DomainException>();
        user.TimeZoneId.Should().Be("America/New_York");
    }

    [Fact]
    public void ChangeTimeZone_WhenZoneIsNull_ThenThrowsDomainExceptionAndKeepsTheZone()
    {
        var user = NewUser("America/New_York");

        var act = () => user.ChangeTimeZone(null!);

        act.Should().Throw<DomainException>();
        user.TimeZoneId.Should().Be("America/New_York");
    }

    [Fact]
    public void Touch_WhenProfileNameChanged_ThenKeepsTheLatest()
    {
        var user = NewUser("UTC", profileName: "Ana");

        user.Touch("Ana Sousa", null, _registeredAt + Duration.FromMinutes(1));
        user.Touch(" Ana S. ", null, _registeredAt + Duration.FromMinutes(2));

        user.ProfileName.Should().Be("Ana S.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Touch_WhenProfileNameIsBlank_ThenKeepsThePreviousName(string? blank)
    {
        var user = NewUser("UTC", profileName: "Ana");

        user.Touch(blank, blank, _registeredAt + Duration.FromMinutes(1));

        user.ProfileName.Should().Be("Ana");
        user.WaId.Should().Be("351912345678");
    }

    [Fact]
    public void Touch_WhenLater_ThenMovesLastSeenAtForward()
    {
        var user = NewUser("UTC");
        var later = _registeredAt + Duration.FromHours(3);

        user.Touch(null, null, later);

        user.LastSeenAt.Should().Be(later);
        user.CreatedAt.Should().Be(_registeredAt);
    }

    [Fact]
    public void Touch_WhenEarlier_ThenNeverMovesLastSeenAtBackwards()
    {
        var user = NewUser("UTC");
        var later = _registeredAt + Duration.FromHours(3);
        user.Touch(null, null, later);

        user.Touch("Ana", null, _registeredAt + Duration.FromHours(1));
        user.Touch(null, null, _registeredAt - Duration.FromDays(1));

        user.LastSeenAt.Should().Be(later);
    }

    [Fact]
    public void Touch_WhenEarlierButWithNewName_ThenStillUpdatesTheName()
    {
        var user = NewUser("UTC", profileName: "Ana");

        user.Touch("Ana Sousa", null, _registeredAt - Duration.FromMinutes(5));

        user.ProfileName.Should().Be("Ana Sousa");
        user.LastSeenAt.Should().Be(_registeredAt);
    }

    private static User NewUser(string zone, string? profileName = null) =>
        User.Register(_number, profileName, "351912345678", zone, _registeredAt);
}
