using MemoryAssistant.Application.Places;

namespace MemoryAssistant.Application.UnitTests.Places;

public sealed class GeoMathTests
{
    private const double LisbonLat = 38.7223, LisbonLon = -9.1393;
    private const double PortoLat = 41.1496, PortoLon = -8.6110;

    [Fact]
    public void DistanceKm_WhenLisbonAndPorto_ThenAbout274Km()
    {
        GeoMath.DistanceKm(LisbonLat, LisbonLon, PortoLat, PortoLon).Should().BeApproximately(274, 3);
    }

    [Fact]
    public void DistanceKm_WhenArgumentsSwapped_ThenSameDistance()
    {
        GeoMath.DistanceKm(PortoLat, PortoLon, LisbonLat, LisbonLon)
            .Should().BeApproximately(GeoMath.DistanceKm(LisbonLat, LisbonLon, PortoLat, PortoLon), 1e-9);
    }

    [Fact]
    public void DistanceKm_WhenSamePoint_ThenZero()
    {
        GeoMath.DistanceKm(LisbonLat, LisbonLon, LisbonLat, LisbonLon).Should().Be(0);
    }

    [Theory]
    [InlineData(LisbonLat, LisbonLon, -LisbonLat, LisbonLon + 180)]
    [InlineData(0, 0, 0, 180)]
    [InlineData(90, 0, -90, 0)]
    public void DistanceKm_WhenAntipodes_ThenHalfTheCircumference(double lat1, double lon1, double lat2, double lon2)
    {
        GeoMath.DistanceKm(lat1, lon1, lat2, lon2).Should().BeApproximately(20015.1, 0.5);
    }

    [Fact]
    public void DistanceKm_WhenAcrossTheAntimeridian_ThenShortWayRound()
    {
        // One degree of longitude at the equator, not 359.
        GeoMath.DistanceKm(0, 179.5, 0, -179.5).Should().BeApproximately(111.2, 0.1);
    }

    [Theory]
    [InlineData(91, 0)]
    [InlineData(0, 180.5)]
    [InlineData(double.NaN, 0)]
    public void DistanceKm_WhenPointInvalid_ThenThrows(double latitude, double longitude)
    {
        var act = () => GeoMath.DistanceKm(latitude, longitude, 0, 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(90, 180, true)]
    [InlineData(-90, -180, true)]
    [InlineData(90.0001, 0, false)]
    [InlineData(0, -180.0001, false)]
    [InlineData(double.NaN, 0, false)]
    [InlineData(0, double.PositiveInfinity, false)]
    public void IsValid_WhenCoordinates_ThenRangeChecked(double latitude, double longitude, bool expected)
    {
        GeoMath.IsValid(latitude, longitude).Should().Be(expected);
    }

    [Fact]
    public void BoundingBox_WhenMidLatitude_ThenContainsTheCircleAndNotMuchMore()
    {
        var box = GeoMath.BoundingBox(LisbonLat, LisbonLon, 10);

        box.CrossesAntimeridian.Should().BeFalse();
        (box.MaxLatitude - box.MinLatitude).Should().BeApproximately(2 * 10 / 111.195, 1e-3);
        // Longitude degrees are shorter at 38.7°, so the box is wider in degrees than it is tall.
        (box.MaxLongitude - box.MinLongitude).Should().BeGreaterThan(box.MaxLatitude - box.MinLatitude);
        // The points 10 km due north, south, east and west lie on the edges (within rounding).
        GeoMath.DistanceKm(LisbonLat, LisbonLon, box.MaxLatitude, LisbonLon).Should().BeApproximately(10, 1e-6);
        GeoMath.DistanceKm(LisbonLat, LisbonLon, box.MinLatitude, LisbonLon).Should().BeApproximately(10, 1e-6);
        box.Contains(LisbonLat, LisbonLon).Should().BeTrue();
        box.Contains(PortoLat, PortoLon).Should().BeFalse();
    }

    [Fact]
    public void BoundingBox_WhenPointsOnTheCircle_ThenAllInside()
    {
        var box = GeoMath.BoundingBox(60, 10, 100);

        // Walk the circle: every point 99.9 km away in any direction is inside the box.
        for (var bearing = 0; bearing < 360; bearing += 5)
        {
            var (lat, lon) = Destination(60, 10, bearing, 99.9);
            box.Contains(lat, lon).Should().BeTrue($"the point at bearing {bearing}° is within the radius");
        }
    }

    [Fact]
    public void BoundingBox_WhenRadiusZero_ThenJustThePoint()
    {
        var box = GeoMath.BoundingBox(LisbonLat, LisbonLon, 0);

        box.Should().Be(new GeoBoundingBox(LisbonLat, LisbonLat, LisbonLon, LisbonLon));
    }

    [Fact]
    public void BoundingBox_WhenCircleCrossesTheAntimeridian_ThenWraps()
    {
        var (minLat, maxLat, minLon, maxLon) = GeoMath.BoundingBox(-16.5, 179.9, 50);

        minLon.Should().BeGreaterThan(maxLon);
        minLon.Should().BeInRange(179, 180);
        maxLon.Should().BeInRange(-180, -179);
        minLat.Should().BeLessThan(-16.5);
        maxLat.Should().BeGreaterThan(-16.5);

        var box = GeoMath.BoundingBox(-16.5, 179.9, 50);
        box.CrossesAntimeridian.Should().BeTrue();
        box.Contains(-16.5, -179.9).Should().BeTrue();
        box.Contains(-16.5, 179.5).Should().BeTrue();
        box.Contains(-16.5, 0).Should().BeFalse();
    }

    [Fact]
    public void BoundingBox_WhenCircleContainsThePole_ThenAllLongitudesClippedAt90()
    {
        var box = GeoMath.BoundingBox(89.9, 45, 50);

        box.Should().Be(new GeoBoundingBox(box.MinLatitude, 90, -180, 180));
        box.MinLatitude.Should().BeApproximately(89.9 - (50 / 111.195), 1e-3);
        box.Contains(89.95, -135).Should().BeTrue("the far side of the pole is only a few km away");
    }

    [Fact]
    public void BoundingBox_WhenRadiusSpansTheGlobe_ThenWholeWorld()
    {
        GeoMath.BoundingBox(LisbonLat, LisbonLon, 25_000).Should().Be(new GeoBoundingBox(-90, 90, -180, 180));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BoundingBox_WhenRadiusInvalid_ThenThrows(double radiusKm)
    {
        var act = () => GeoMath.BoundingBox(0, 0, radiusKm);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    // The point at a distance and bearing from a start (spherical direct formula).
    private static (double Lat, double Lon) Destination(double lat, double lon, double bearingDegrees, double km)
    {
        var delta = km / GeoMath.EarthRadiusKm;
        var theta = bearingDegrees * Math.PI / 180;
        var phi1 = lat * Math.PI / 180;
        var lambda1 = lon * Math.PI / 180;
        var phi2 = Math.Asin((Math.Sin(phi1) * Math.Cos(delta)) + (Math.Cos(phi1) * Math.Sin(delta) * Math.Cos(theta)));
        var lambda2 = lambda1 + Math.Atan2(Math.Sin(theta) * Math.Sin(delta) * Math.Cos(phi1), Math.Cos(delta) - (Math.Sin(phi1) * Math.Sin(phi2)));
        return (phi2 * 180 / Math.PI, ((lambda2 * 180 / Math.PI) + 540) % 360 - 180);
    }
}
