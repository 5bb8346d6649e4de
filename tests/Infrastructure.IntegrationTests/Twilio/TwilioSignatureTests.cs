using MemoryAssistant.Infrastructure.Twilio;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Twilio;

// Vectors come from Twilio's official SDK test suites and docs (see shared/reference/twilio-whatsapp.md).
public sealed class TwilioSignatureTests
{
    private const string Token = "12345";
    private const string UrlA = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string SignatureA = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private const string JsonBody = """{"property": "value", "boolean": true}""";
    private const string JsonBodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    private const string UrlB = UrlA + "&bodySHA256=" + JsonBodyHash;
    private const string SignatureB = "a9nBmqA0ju/hNViExpshrM61xv4=";

    private static readonly KeyValuePair<string, string>[] _paramsA =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675309"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
    ];

    [Fact]
    public void Compute_WhenVectorA_ThenMatchesOfficialSignature() =>
        TwilioSignature.Compute(Token, UrlA, _paramsA).Should().Be(SignatureA);

    [Fact]
    public void Compute_WhenParametersUnsorted_ThenSameAsSorted() =>
        TwilioSignature.Compute(Token, UrlA, _paramsA.Reverse()).Should().Be(SignatureA);

    [Fact]
    public void Compute_WhenUrlHasFragment_ThenFragmentIsNotSigned() =>
        TwilioSignature.Compute(Token, UrlA + "#rc=2&rp=all", _paramsA).Should().Be(SignatureA);

    [Theory]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    [InlineData("http://mycompany.com:80/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")]
    [InlineData("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")]
    [InlineData("https://mycompany.com:1234/myapp.php?foo=1&bar=2", "CYn1h0gLBdNxDGkKJg6hYohgeD8=")]
    public void Compute_WhenVectorAWithPort_ThenMatchesOfficialSignature(string url, string expected) =>
        TwilioSignature.Compute(Token, url, _paramsA).Should().Be(expected);

    [Fact]
    public void IsValid_WhenVectorA_ThenTrue() =>
        TwilioSignature.IsValid(Token, UrlA, _paramsA, SignatureA).Should().BeTrue();

    [Theory]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    [InlineData("http://mycompany.com:80/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")]
    [InlineData("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")]
    [InlineData("https://mycompany.com:1234/myapp.php?foo=1&bar=2", "CYn1h0gLBdNxDGkKJg6hYohgeD8=")]
    public void IsValid_WhenVectorAWithPortAndItsOwnSignature_ThenTrue(string url, string signature) =>
        TwilioSignature.IsValid(Token, url, _paramsA, signature).Should().BeTrue();

    [Theory]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com:1234/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2#rc=2")]
    public void IsValid_WhenPortlessSignatureAndUrlHasPortOrFragment_ThenTrue(string url) =>
        TwilioSignature.IsValid(Token, url, _paramsA, SignatureA).Should().BeTrue();

    [Fact]
    public void IsValid_WhenPortlessUrlAndDefaultPortSignature_ThenTrue() =>
        TwilioSignature.IsValid(Token, UrlA, _paramsA, "kvajT1Ptam85bY51eRf/AJRuM3w=").Should().BeTrue();

    [Fact]
    public void IsValid_WhenHttpPortlessUrlAndPort80Signature_ThenTrue() =>
        TwilioSignature.IsValid(Token, "http://mycompany.com/myapp.php?foo=1&bar=2", _paramsA, "0ZXoZLH/DfblKGATFgpif+LLRf4=")
            .Should().BeTrue();

    [Fact]
    public void IsValid_WhenPortlessUrlAndNonDefaultPortSignature_ThenFalse() =>
        TwilioSignature.IsValid(Token, UrlA, _paramsA, "CYn1h0gLBdNxDGkKJg6hYohgeD8=").Should().BeFalse();

    [Fact]
    public void IsValid_WhenVectorCFromDocs_ThenTrue()
    {
        KeyValuePair<string, string>[] parameters =
        [
            new("Digits", "1234"),
            new("To", "+18005551212"),
            new("From", "+14158675310"),
            new("Caller", "+14158675310"),
            new("CallSid", "CA1234567890ABCDE"),
        ];

        TwilioSignature.Compute(Token, "https://example.com/myapp.php?foo=1&bar=2", parameters)
            .Should().Be("L/OH5YylLD5NRKLltdqwSvS0BnU=");
        TwilioSignature.IsValid(Token, "https://example.com/myapp.php?foo=1&bar=2", parameters, "L/OH5YylLD5NRKLltdqwSvS0BnU=")
            .Should().BeTrue();
    }

    [Fact]
    public void IsValid_WhenVectorDRepeatedKeys_ThenTrue()
    {
        // The duplicate Digits=1234 is signed once: keeping both gives a different signature.
        KeyValuePair<string, string>[] parameters =
        [
            new("Sid", "CA123"),
            new("SidAccount", "AC123"),
            new("Digits", "5678"),
            new("Digits", "1234"),
            new("Digits", "1234"),
        ];

        TwilioSignature.Compute(Token, UrlA, parameters).Should().Be("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
        TwilioSignature.IsValid(Token, UrlA, parameters, "IK+Dwps556ElfBT0I3Rgjkr1wJU=").Should().BeTrue();
    }

    [Fact]
    public void IsValid_WhenWrongToken_ThenFalse() =>
        TwilioSignature.IsValid("54321", UrlA, _paramsA, SignatureA).Should().BeFalse();

    [Fact]
    public void IsValid_WhenParamValueTampered_ThenFalse()
    {
        var tampered = _paramsA.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p);

        TwilioSignature.IsValid(Token, UrlA, tampered, SignatureA).Should().BeFalse();
    }

    [Fact]
    public void IsValid_WhenParamAdded_ThenFalse() =>
        TwilioSignature.IsValid(Token, UrlA, [.. _paramsA, new("Body", "hi")], SignatureA).Should().BeFalse();

    [Fact]
    public void IsValid_WhenUrlTampered_ThenFalse() =>
        TwilioSignature.IsValid(Token, UrlA.Replace("foo=1", "foo=2", StringComparison.Ordinal), _paramsA, SignatureA)
            .Should().BeFalse();

    [Fact]
    public void IsValid_WhenHeaderMissing_ThenFalse() =>
        TwilioSignature.IsValid(Token, UrlA, _paramsA, null).Should().BeFalse();

    [Fact]
    public void IsValid_WhenHeaderEmpty_ThenFalse() =>
        TwilioSignature.IsValid(Token, UrlA, _paramsA, string.Empty).Should().BeFalse();

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("====")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    [InlineData("rsoydt4t1cutdk1pdd93/vvr8b8=")]
    public void IsValid_WhenHeaderGarbage_ThenFalse(string header) =>
        TwilioSignature.IsValid(Token, UrlA, _paramsA, header).Should().BeFalse();

    [Fact]
    public void BodySha256Hex_WhenVectorB_ThenMatchesOfficialHash() =>
        TwilioSignature.BodySha256Hex(JsonBody).Should().Be(JsonBodyHash);

    [Fact]
    public void Compute_WhenVectorBUrlWithoutParams_ThenMatchesOfficialSignature() =>
        TwilioSignature.Compute(Token, UrlB, []).Should().Be(SignatureB);

    [Fact]
    public void IsValidJsonBody_WhenVectorB_ThenTrue() =>
        TwilioSignature.IsValidJsonBody(Token, UrlB, JsonBody, SignatureB).Should().BeTrue();

    [Fact]
    public void IsValidJsonBody_WhenVectorBUrlHasDefaultPort_ThenTrue() =>
        TwilioSignature.IsValidJsonBody(Token, UrlB.Replace(".com/", ".com:443/", StringComparison.Ordinal), JsonBody, SignatureB)
            .Should().BeTrue();

    [Fact]
    public void IsValidJsonBody_WhenBodyTampered_ThenFalse() =>
        TwilioSignature.IsValidJsonBody(Token, UrlB, JsonBody.Replace("true", "false", StringComparison.Ordinal), SignatureB)
            .Should().BeFalse();

    [Fact]
    public void IsValidJsonBody_WhenUrlHasNoBodyHash_ThenFalse() =>
        TwilioSignature.IsValidJsonBody(Token, UrlA, JsonBody, SignatureA).Should().BeFalse();

    [Fact]
    public void IsValidJsonBody_WhenWrongToken_ThenFalse() =>
        TwilioSignature.IsValidJsonBody("54321", UrlB, JsonBody, SignatureB).Should().BeFalse();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    public void IsValidJsonBody_WhenHeaderMissingOrGarbage_ThenFalse(string? header) =>
        TwilioSignature.IsValidJsonBody(Token, UrlB, JsonBody, header).Should().BeFalse();
}
