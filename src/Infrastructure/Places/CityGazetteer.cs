using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Places;

namespace MemoryAssistant.Infrastructure.Places;

/// <summary>
/// The <see cref="IGazetteer"/> over data/lexicons/cities.json (npm city-timezones: about 7,300 cities with
/// coordinates, population and IANA zone), read once into memory.
/// </summary>
/// <remarks>
/// <para>
/// Names are looked up in a frozen dictionary keyed by a folded form (lower-case invariant, diacritics and
/// ligatures removed, whitespace collapsed), holding the most populous city per key: "Springfield" is the one in
/// Missouri, "London" the one in England. Both the display and the ASCII name are keys.
/// </para>
/// <para>
/// <see cref="Nearest"/> keeps the cities sorted by latitude in flat arrays: a binary search finds the latitude
/// band of the search circle's bounding box and only the cities of that band are measured (a few dozen to a few
/// hundred for 50 km), a few microseconds per lookup, so it can run for every shared location.
/// </para>
/// <para>Immutable after construction; share one instance (singleton).</para>
/// </remarks>
public sealed class CityGazetteer : IGazetteer
{
    private const double SmallestRadiusKm = 5;
    private const double LargestRadiusKm = 30;
    private const double ReferenceRadiusKm = 15;
    private const double ReferencePopulation = 500_000;

    private readonly FrozenDictionary<string, GazetteerPlace> _byName;

    // Parallel arrays sorted by latitude: the index's hot data stays contiguous.
    private readonly GazetteerPlace[] _places;
    private readonly double[] _latitudes;
    private readonly double[] _longitudes;
    private readonly double[] _weights;

    /// <param name="path">The cities.json file that <c>make setup</c> (scripts/fetch-lexicons.sh) fetches.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a JSON array of cities or holds none.</exception>
    public CityGazetteer(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The city gazetteer is missing at {path}: run make setup (scripts/fetch-lexicons.sh).", path);

        var cities = Load(path);
        if (cities.Count == 0)
            throw new InvalidDataException($"The city gazetteer at {path} holds no usable city: run make setup (scripts/fetch-lexicons.sh) again.");

        _byName = IndexByName(cities);

        _places = [.. cities.Select(c => c.Place).OrderBy(p => p.Latitude)];
        _latitudes = [.. _places.Select(p => p.Latitude)];
        _longitudes = [.. _places.Select(p => p.Longitude)];
        _weights = [.. _places.Select(p => Weight(p.Population))];
    }

    /// <summary>How many cities were loaded.</summary>
    public int Count => _places.Length;

    /// <inheritdoc />
    public GazetteerPlace? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Fold(name);
        return key.Length > 0 && _byName.TryGetValue(key, out var place) ? place : null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxKm"/> is negative or not finite.</exception>
    public GazetteerPlace? Nearest(double latitude, double longitude, double maxKm = 50)
    {
        if (!double.IsFinite(maxKm) || maxKm < 0)
            throw new ArgumentOutOfRangeException(nameof(maxKm), maxKm, "The search radius must be a finite, non-negative number of km.");
        if (!GeoMath.IsValid(latitude, longitude))
            return null;

        var box = GeoMath.BoundingBox(latitude, longitude, maxKm);
        GazetteerPlace? best = null;
        var bestScore = double.PositiveInfinity;
        for (var i = LowerBound(_latitudes, box.MinLatitude); i < _latitudes.Length && _latitudes[i] <= box.MaxLatitude; i++)
        {
            if (!box.Contains(_latitudes[i], _longitudes[i]))
                continue;

            var distance = GeoMath.DistanceKm(latitude, longitude, _latitudes[i], _longitudes[i]);
            if (distance > maxKm)
                continue;

            var score = distance / _weights[i];
            if (score < bestScore)
            {
                bestScore = score;
                best = _places[i];
            }
        }

        return best;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A city's area grows roughly with its population, so the radius grows with its square root:
    /// 15 km × √(population / 500k), clamped to 5..30 km (Porto 19 km, Lisbon 27 km, 30 km from about 2M up).
    /// </remarks>
    public double RadiusKm(GazetteerPlace place)
    {
        ArgumentNullException.ThrowIfNull(place);
        var radius = ReferenceRadiusKm * Math.Sqrt(Math.Max(place.Population, 0) / ReferencePopulation);
        return Math.Clamp(radius, SmallestRadiusKm, LargestRadiusKm);
    }

    /// <summary>
    /// The key both the index and the lookups use: lower-case invariant, diacritics removed (NFD without
    /// non-spacing marks), the letters NFD leaves alone (ø, æ, ß, ł, ...) spelled in ASCII, typographic apostrophes
    /// made straight, whitespace collapsed.
    /// </summary>
    internal static string Fold(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            var lower = char.ToLowerInvariant(c);
            var spelled = lower switch
            {
                'ø' => "o",
                'æ' => "ae",
                'œ' => "oe",
                'ß' => "ss",
                'ł' => "l",
                'đ' => "d",
                'ð' => "d",
                'þ' => "th",
                'ı' => "i",
                '\u2019' or '\u2018' or '`' => "'",
                _ => null,
            };
            if (spelled is null)
                builder.Append(lower);
            else
                builder.Append(spelled);
        }

        return builder.ToString();
    }

    // log10(pop + 10): 1 for an unknown population, 4 for 10k, 6 for 1M, 7.3 for the largest cities.
    private static double Weight(long population) => Math.Log10(Math.Max(population, 0) + 10.0);

    private static List<(GazetteerPlace Place, string? Ascii)> Load(string path)
    {
        List<CityRow?>? rows;
        try
        {
            using var stream = File.OpenRead(path);
            rows = JsonSerializer.Deserialize<List<CityRow?>>(stream);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The city gazetteer at {path} is not a JSON array of cities: {exception.Message}", exception);
        }

        // Rows without a name, a valid position or a zone cannot answer any question: skip them.
        return [.. (rows ?? [])
            .Where(row => row is not null && !string.IsNullOrWhiteSpace(row.Name) && !string.IsNullOrWhiteSpace(row.Zone) && GeoMath.IsValid(row.Latitude, row.Longitude))
            .Select(row => (new GazetteerPlace(
                row!.Name!.Trim(),
                row.Country?.Trim() ?? string.Empty,
                string.IsNullOrWhiteSpace(row.Province) ? null : row.Province.Trim(),
                row.Latitude,
                row.Longitude,
                // The source marks unknown populations with 0 or -99.
                (long)Math.Max(Math.Round(row.Population), 0),
                row.Zone!.Trim()), row.Ascii))];
    }

    private static FrozenDictionary<string, GazetteerPlace> IndexByName(List<(GazetteerPlace Place, string? Ascii)> cities)
    {
        var index = new Dictionary<string, GazetteerPlace>(StringComparer.Ordinal);
        foreach (var (place, name) in cities.SelectMany(c => new[] { (c.Place, c.Place.Name), (c.Place, c.Ascii ?? string.Empty) }))
        {
            var key = Fold(name);
            if (key.Length == 0)
                continue;
            // Strictly greater: of equally populous namesakes, the first in the file stays.
            if (!index.TryGetValue(key, out var existing) || place.Population > existing.Population)
                index[key] = place;
        }

        return index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sorted[middle] < value)
                low = middle + 1;
            else
                high = middle;
        }

        return low;
    }

    private sealed record CityRow(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("ascii")] string? Ascii,
        [property: JsonPropertyName("lat")] double Latitude,
        [property: JsonPropertyName("lng")] double Longitude,
        [property: JsonPropertyName("pop")] double Population,
        [property: JsonPropertyName("country")] string? Country,
        [property: JsonPropertyName("province")] string? Province,
        [property: JsonPropertyName("zone")] string? Zone);
}
