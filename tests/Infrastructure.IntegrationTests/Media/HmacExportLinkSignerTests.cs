using System.Web;
using MemoryAssistant.Infrastructure.Media;
using NodaTime;
using NodaTime.Testing;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Media;

public sealed class HmacExportLinkSignerTests
{
    private const string User = "u_0123456789abcdef01234567";
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly Uri s_base = new("https://assistant.example.com/");
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 24, 10, 0));

    [Fact]
    public void Sign_WhenChecked_ThenTheLinkIsValidForThatUserUntilItExpires()
    {
        var signer = new HmacExportLinkSigner(s_key, s_base, _clock);

        var link = signer.Sign(User, Duration.FromHours(1));
        var (expires, sig) = Parts(link);

        link.GetLeftPart(UriPartial.Path).Should().Be($"https://assistant.example.com/exports/{User}");
        expires.Should().Be(_clock.GetCurrentInstant().ToUnixTimeSeconds() + 3600);
        sig.Should().MatchRegex("^[0-9a-f]{64}$");
        signer.IsValid(User, expires, sig).Should().BeTrue();
        signer.IsValid("u_ffffffffffffffffffffffff", expires, sig).Should().BeFalse("a link opens one user's export");
        signer.IsValid(User, expires + 1, sig).Should().BeFalse("the expiry is signed");
        signer.IsValid(User, expires, sig.ToUpperInvariant()).Should().BeFalse();
        signer.IsValid(User, expires, "").Should().BeFalse();
        _clock.Advance(Duration.FromHours(1) + Duration.FromSeconds(1));
        signer.IsValid(User, expires, sig).Should().BeFalse("the link has expired");
    }

    [Fact]
    public void IsValid_WhenAnotherKeyOrAMediaSignature_ThenFalse()
    {
        var signer = new HmacExportLinkSigner(s_key, s_base, _clock);
        var (expires, sig) = Parts(new HmacExportLinkSigner([.. s_key.Reverse()], s_base, _clock).Sign(User, Duration.FromHours(1)));
        var (mediaExpires, mediaSig) = Parts(new HmacMediaUrlSigner(s_key, s_base, _clock).Sign(42, Duration.FromHours(1)));

        signer.IsValid(User, expires, sig).Should().BeFalse("another server's key");
        signer.IsValid("42", mediaExpires, mediaSig).Should().BeFalse("a media link's signature never opens an export");
    }

    private static (long Expires, string Sig) Parts(Uri link)
    {
        var query = HttpUtility.ParseQueryString(link.Query);
        return (long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture), query["sig"]!);
    }
}
