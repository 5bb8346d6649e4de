namespace MemoryAssistant.Application.Places;

/// <summary>
/// A latitude/longitude rectangle in degrees that contains a circle, for an index-friendly SQL prefilter before the
/// exact distance check. When <see cref="CrossesAntimeridian"/> is true, <see cref="MinLongitude"/> is greater than
/// <see cref="MaxLongitude"/> and the longitude condition is <c>lon &gt;= MinLongitude OR lon &lt;= MaxLongitude</c>.
/// </summary>
/// <example>
/// <code>
/// WHERE latitude BETWEEN @MinLatitude AND @MaxLatitude
///   AND (CASE WHEN @MinLongitude &lt;= @MaxLongitude THEN longitude BETWEEN @MinLongitude AND @MaxLongitude
///             ELSE longitude &gt;= @MinLongitude OR longitude &lt;= @MaxLongitude END)
///   AND geo_distance_km(latitude, longitude, @lat, @lon) &lt;= @radiusKm
/// </code>
/// </example>
public readonly record struct GeoBoundingBox(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude)
{
    /// <summary>The box wraps from +180° to -180° (a circle around Fiji or the Bering Strait).</summary>
    public bool CrossesAntimeridian => MinLongitude > MaxLongitude;

    /// <summary>Whether the point lies in the box (edges included), honouring the antimeridian wrap.</summary>
    public bool Contains(double latitude, double longitude) =>
        latitude >= MinLatitude && latitude <= MaxLatitude
        && (CrossesAntimeridian
            ? longitude >= MinLongitude || longitude <= MaxLongitude
            : longitude >= MinLongitude && longitude <= MaxLongitude);
}

/// <summary>
/// Distances on a spherical Earth, enough for "near the office" and "photos from Lisbon": the haversine formula
/// with the mean Earth radius is within 0.5% of the ellipsoidal distance everywhere, far below GPS and city-size
/// uncertainty, and it is cheap enough to run per row inside SQLite.
/// </summary>
public static class GeoMath
{
    /// <summary>The IUGG mean Earth radius (R1), in km.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Finite, latitude within ±90° and longitude within ±180° (both edges included).</summary>
    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude)
        && latitude is >= -90 and <= 90
        && longitude is >= -180 and <= 180;

    /// <summary>The great-circle distance in km between two valid points (haversine).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A point is not <see cref="IsValid"/>.</exception>
    public static double DistanceKm(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        EnsureValid(latitude1, longitude1, nameof(latitude1));
        EnsureValid(latitude2, longitude2, nameof(latitude2));

        var phi1 = ToRadians(latitude1);
        var phi2 = ToRadians(latitude2);
        var sinHalfDeltaPhi = Math.Sin((phi2 - phi1) / 2);
        var sinHalfDeltaLambda = Math.Sin(ToRadians(longitude2 - longitude1) / 2);
        var h = (sinHalfDeltaPhi * sinHalfDeltaPhi) + (Math.Cos(phi1) * Math.Cos(phi2) * sinHalfDeltaLambda * sinHalfDeltaLambda);

        // Rounding can push h a hair above 1 for antipodal points, where Asin would return NaN.
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1)));
    }

    /// <summary>
    /// The smallest latitude/longitude box holding every point within <paramref name="radiusKm"/> of the centre
    /// (J. P. Matuschek's method: the longitude extent is taken at the circle's tangent points, not at the centre's
    /// latitude). Near a pole, when the circle contains it, the box spans all longitudes and is clipped at ±90°;
    /// across the antimeridian it wraps (see <see cref="GeoBoundingBox.CrossesAntimeridian"/>). A radius of half
    /// the Earth's circumference or more yields the whole globe.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The centre is invalid or the radius negative or not finite.</exception>
    public static GeoBoundingBox BoundingBox(double latitude, double longitude, double radiusKm)
    {
        EnsureValid(latitude, longitude, nameof(latitude));
        if (!double.IsFinite(radiusKm) || radiusKm < 0)
            throw new ArgumentOutOfRangeException(nameof(radiusKm), radiusKm, "The radius must be a finite, non-negative number of km.");

        var angularRadius = radiusKm / EarthRadiusKm;
        var minLatitude = latitude - ToDegrees(angularRadius);
        var maxLatitude = latitude + ToDegrees(angularRadius);

        if (minLatitude <= -90 || maxLatitude >= 90)
        {
            // The circle contains a pole: every meridian passes through it.
            return new GeoBoundingBox(Math.Max(minLatitude, -90), Math.Min(maxLatitude, 90), -180, 180);
        }

        // Here |latitude| + r < 90°, so sin(r) < cos(latitude): the Asin argument is below 1 but for rounding.
        var deltaLongitude = ToDegrees(Math.Asin(Math.Min(Math.Sin(angularRadius) / Math.Cos(ToRadians(latitude)), 1)));
        var minLongitude = longitude - deltaLongitude;
        var maxLongitude = longitude + deltaLongitude;
        if (minLongitude < -180)
            minLongitude += 360;
        if (maxLongitude > 180)
            maxLongitude -= 360;

        return new GeoBoundingBox(minLatitude, maxLatitude, minLongitude, maxLongitude);
    }

    private static void EnsureValid(double latitude, double longitude, string parameterName)
    {
        if (!IsValid(latitude, longitude))
            throw new ArgumentOutOfRangeException(parameterName, $"({latitude}, {longitude}) is not a valid latitude/longitude in degrees.");
    }

    private static double ToRadians(double degrees) => degrees * (Math.PI / 180);

    private static double ToDegrees(double radians) => radians * (180 / Math.PI);
}
