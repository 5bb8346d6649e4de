using MemoryAssistant.Infrastructure.Images;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Images;

[Collection(PhotoFixtureDefinition.Name)]
public sealed class PerceptualHashTests(PhotoFixture photos)
{
    public static TheoryData<string, string> SamePictures => new()
    {
        { nameof(PhotoFixture.Photo), nameof(PhotoFixture.PhotoQuality40) },
        { nameof(PhotoFixture.Photo), nameof(PhotoFixture.PhotoHalfSize) },
        { nameof(PhotoFixture.Photo), nameof(PhotoFixture.PhotoAsPng) },
        { nameof(PhotoFixture.Photo), nameof(PhotoFixture.PhotoForwarded) },
        { nameof(PhotoFixture.Landscape), nameof(PhotoFixture.LandscapeQuality40) },
        { nameof(PhotoFixture.Landscape), nameof(PhotoFixture.LandscapeHalfSize) },
        { nameof(PhotoFixture.Landscape), nameof(PhotoFixture.LandscapeAsPng) },
    };

    public static TheoryData<string, string> DifferentPictures => new()
    {
        { nameof(PhotoFixture.Photo), nameof(PhotoFixture.Shapes) },
        { nameof(PhotoFixture.Photo), nameof(PhotoFixture.OtherNote) },
        { nameof(PhotoFixture.Photo), nameof(PhotoFixture.Landscape) },
        { nameof(PhotoFixture.Shapes), nameof(PhotoFixture.Triangle) },
        { nameof(PhotoFixture.Landscape), nameof(PhotoFixture.Triangle) },
    };

    [Theory]
    [MemberData(nameof(SamePictures))]
    public void Compute_WhenSamePictureRecompressedResizedOrConverted_ThenWithinNearDuplicateDistance(string original, string copy)
    {
        var distance = PerceptualHash.Distance(PerceptualHash.Compute(File(original)), PerceptualHash.Compute(File(copy)));

        distance.Should().BeLessThanOrEqualTo(PerceptualHash.NearDuplicateMaxDistance);
    }

    [Theory]
    [MemberData(nameof(DifferentPictures))]
    public void Compute_WhenDifferentPictures_ThenBeyondNearDuplicateDistance(string first, string second)
    {
        var a = PerceptualHash.Compute(File(first));
        var b = PerceptualHash.Compute(File(second));

        PerceptualHash.Distance(a, b).Should().BeGreaterThan(PerceptualHash.NearDuplicateMaxDistance);
        PerceptualHash.AreNearDuplicates(a, b).Should().BeFalse();
    }

    [Fact]
    public void Compute_WhenSameFileTwice_ThenSameHash()
    {
        PerceptualHash.Compute(photos.Landscape).Should().Be(PerceptualHash.Compute(photos.Landscape));
    }

    [Fact]
    public void Compute_WhenPicture_ThenHalfTheBitsSet()
    {
        // Each of the 64 low frequencies is compared with their median: 32 above, 32 below.
        ulong[] hashes = [PerceptualHash.Compute(photos.Photo), PerceptualHash.Compute(photos.Landscape), PerceptualHash.Compute(photos.Shapes)];

        hashes.Should().OnlyContain(h => System.Numerics.BitOperations.PopCount(h) == 32);
    }

    [Theory]
    [InlineData(0UL, 0UL, 0)]
    [InlineData(0UL, ulong.MaxValue, 64)]
    [InlineData(0b1011UL, 0b0110UL, 3)]
    [InlineData(0x8000_0000_0000_0001UL, 0UL, 2)]
    public void Distance_WhenTwoHashes_ThenNumberOfDifferingBits(ulong a, ulong b, int expected)
    {
        PerceptualHash.Distance(a, b).Should().Be(expected);
        PerceptualHash.Distance(b, a).Should().Be(expected);
    }

    private string File(string fixtureProperty) =>
        (string)typeof(PhotoFixture).GetProperty(fixtureProperty)!.GetValue(photos)!;
}
