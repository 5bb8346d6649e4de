using System.Diagnostics;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Places;
using Xunit.Abstractions;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Places;

/// <summary>Loads data/lexicons/cities.json once for the class.</summary>
public sealed class CityGazetteerFixture
{
    public CityGazetteer Gazetteer { get; } = new(RepoPaths.RequireLexicon("cities.json"));
}

// Runs against the real cities.json (make setup), so a data refresh that moves a city shows up here.
public sealed class CityGazetteerTests(CityGazetteerFixture fixture, ITestOutputHelper output) : IClassFixture<CityGazetteerFixture>
{
    private readonly CityGazetteer _gazetteer = fixture.Gazetteer;

    [Fact]
    public void Constructor_WhenRealFile_ThenAllCitiesLoaded()
    {
        fixture.Gazetteer.Count.Should().BeGreaterThan(7_000);
    }

    [Fact]
    public void Constructor_WhenFileMissing_ThenFileNotFoundTellingHowToFetchIt()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "cities.json");

        var act = () => new CityGazetteer(path);

        act.Should().Throw<FileNotFoundException>()
            .WithMessage("*run make setup (scripts/fetch-lexicons.sh)*")
            .Which.FileName.Should().Be(path);
    }

    [Fact]
    public void Constructor_WhenFileIsNotJson_ThenInvalidData()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not json");

            var act = () => new CityGazetteer(path);

            act.Should().Throw<InvalidDataException>();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("lisbon", "Lisbon", "Portugal", "Europe/Lisbon")]
    [InlineData("  LISBON ", "Lisbon", "Portugal", "Europe/Lisbon")]
    [InlineData("Sao Paulo", "Sao Paulo", "Brazil", "America/Sao_Paulo")]
    [InlineData("são paulo", "Sao Paulo", "Brazil", "America/Sao_Paulo")]
    [InlineData("new york", "New York", "United States of America", "America/New_York")]
    [InlineData("New  York", "New York", "United States of America", "America/New_York")]
    [InlineData("dusseldorf", "Düsseldorf", "Germany", "Europe/Berlin")]
    [InlineData("Reykjavík", "Reykjavík", "Iceland", "Atlantic/Reykjavik")]
    [InlineData("st. john's", "St. John’s", "Canada", "America/St_Johns")]
    [InlineData("The Hague", "The Hague", "Netherlands", "Europe/Amsterdam")]
    public void Find_WhenKnownName_ThenCityIgnoringCaseAndDiacritics(string query, string name, string country, string zone)
    {
        var place = _gazetteer.Find(query);

        place.Should().NotBeNull();
        place!.Name.Should().Be(name);
        place.Country.Should().Be(country);
        place.TimeZoneId.Should().Be(zone);
    }

    [Theory]
    [InlineData("London", "United Kingdom")]
    [InlineData("Springfield", "United States of America")]
    [InlineData("San Jose", "United States of America")]
    public void Find_WhenSeveralCitiesShareTheName_ThenMostPopulous(string query, string country)
    {
        var place = _gazetteer.Find(query)!;

        place.Country.Should().Be(country);
        place.Population.Should().BeGreaterThan(250_000);
    }

    [Theory]
    [InlineData("Nowhereville")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("lisbo")]
    public void Find_WhenUnknownName_ThenNull(string query)
    {
        _gazetteer.Find(query).Should().BeNull();
    }

    [Fact]
    public void Find_WhenLisbon_ThenCoordinatesPopulationAndProvince()
    {
        var lisbon = _gazetteer.Find("Lisbon")!;

        lisbon.Latitude.Should().BeApproximately(38.72, 0.05);
        lisbon.Longitude.Should().BeApproximately(-9.14, 0.05);
        lisbon.Population.Should().BeGreaterThan(500_000);
        lisbon.Province.Should().Be("Lisboa");
    }

    [Fact]
    public void Nearest_WhenInLisbon_ThenLisbonWithItsZone()
    {
        var place = _gazetteer.Nearest(38.7223, -9.1393);

        place.Should().NotBeNull();
        place!.Name.Should().Be("Lisbon");
        place.TimeZoneId.Should().Be("Europe/Lisbon");
    }

    [Theory]
    [InlineData(30.0, -40.0)]
    [InlineData(0.0, -140.0)]
    [InlineData(-60.0, 0.0)]
    public void Nearest_WhenInTheMiddleOfTheOcean_ThenNull(double latitude, double longitude)
    {
        _gazetteer.Nearest(latitude, longitude).Should().BeNull();
    }

    [Theory]
    [InlineData(48.8049, 2.1204, "Versailles")] // in Versailles (85k), 17 km from Paris: the town
    [InlineData(48.8400, 2.2500, "Paris")] // 7 km from Paris, 10 km from Versailles: the big city
    [InlineData(48.8300, 2.2000, "Versailles")] // 6 km from Versailles, 11 km from Paris: still the town
    [InlineData(38.5244, -8.8882, "Setubal")] // in Setúbal, 31 km from Lisbon
    [InlineData(38.7536, -9.2302, "Lisbon")] // Amadora, a suburb the data has no entry for
    [InlineData(40.7178, -74.0431, "New York")] // Jersey City: 6 km from Manhattan, 11 km from Newark
    [InlineData(40.7357, -74.1724, "Newark")] // in Newark, 16 km from Manhattan
    public void Nearest_WhenTownNextToBigCity_ThenTheTownOnlyWhenYouAreInIt(double latitude, double longitude, string expected)
    {
        _gazetteer.Nearest(latitude, longitude)!.Name.Should().Be(expected);
    }

    [Fact]
    public void Nearest_WhenAcrossTheAntimeridian_ThenCityOnTheOtherSideFound()
    {
        // Beringovskiy is at 179.3°E; the point is at 179.9°W, 40 km away.
        _gazetteer.Nearest(63.07, -179.9)!.Name.Should().Be("Beringovskiy");
    }

    [Fact]
    public void Nearest_WhenMaxKmSmallerThanTheDistance_ThenNull()
    {
        // Setúbal's centre is about 30 km from Lisbon's.
        _gazetteer.Nearest(38.7223, -9.1393, maxKm: 0.1).Should().BeNull();
        _gazetteer.Nearest(38.5244, -8.8882, maxKm: 0.5).Should().BeNull();
        _gazetteer.Nearest(38.5244, -8.8882, maxKm: 2)!.Name.Should().Be("Setubal");
    }

    [Theory]
    [InlineData(91.0, 0.0)]
    [InlineData(0.0, double.NaN)]
    public void Nearest_WhenCoordinatesInvalid_ThenNull(double latitude, double longitude)
    {
        _gazetteer.Nearest(latitude, longitude).Should().BeNull();
    }

    [Fact]
    public void Nearest_WhenMaxKmNegative_ThenThrows()
    {
        var act = () => _gazetteer.Nearest(0, 0, -1);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Nearest_WhenCalledPerMessage_ThenWellUnderAMillisecond()
    {
        var random = new Random(42);
        var points = Enumerable.Range(0, 20_000).Select(_ => (Lat: (random.NextDouble() * 140) - 60, Lon: (random.NextDouble() * 360) - 180)).ToArray();
        // Dense areas cost most: city centres with a wide radius, where many neighbours fall in the box.
        var centres = new[] { (40.75, -73.98), (48.8566, 2.3522), (35.68, 139.69), (28.61, 77.21), (-23.55, -46.63) };
        foreach (var (lat, lon) in centres.Concat(points.Take(100)))
            _gazetteer.Nearest(lat, lon); // warm-up

        var random50Km = Measure(points.Select(p => (p.Lat, p.Lon, 50.0)));
        var dense200Km = Measure(Enumerable.Range(0, 5_000).Select(i => (centres[i % centres.Length].Item1, centres[i % centres.Length].Item2, 200.0)));

        output.WriteLine($"Nearest: {random50Km:F2} µs per random point (50 km), {dense200Km:F2} µs per city centre (200 km)");
        random50Km.Should().BeLessThan(1_000);
        dense200Km.Should().BeLessThan(1_000);
    }

    [Fact]
    public void Constructor_WhenRealFile_ThenLoadsQuickly()
    {
        var watch = Stopwatch.StartNew();
        var gazetteer = new CityGazetteer(RepoPaths.RequireLexicon("cities.json"));
        watch.Stop();

        output.WriteLine($"Loaded {gazetteer.Count} cities in {watch.Elapsed.TotalMilliseconds:F0} ms");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(10_000, 5)]
    [InlineData(500_000, 15)]
    [InlineData(5_000_000, 30)]
    [InlineData(20_000_000, 30)]
    public void RadiusKm_WhenPopulation_ThenGrowsFromFiveToThirtyKm(long population, double expected)
    {
        var place = new GazetteerPlace("Test", "Nowhere", null, 0, 0, population, "UTC");

        _gazetteer.RadiusKm(place).Should().BeApproximately(expected, 0.01);
    }

    [Fact]
    public void RadiusKm_WhenPopulationGrows_ThenNeverShrinks()
    {
        var radii = new long[] { 0, 50_000, 100_000, 250_000, 793_317, 1_664_901, 3_000_000 }
            .Select(pop => _gazetteer.RadiusKm(new GazetteerPlace("Test", "Nowhere", null, 0, 0, pop, "UTC")))
            .ToList();

        radii.Should().BeInAscendingOrder();
        radii.Should().OnlyContain(r => r >= 5 && r <= 30);
    }

    private double Measure(IEnumerable<(double Lat, double Lon, double MaxKm)> lookups)
    {
        var list = lookups.ToList();
        var watch = Stopwatch.StartNew();
        foreach (var (lat, lon, maxKm) in list)
            _gazetteer.Nearest(lat, lon, maxKm);
        watch.Stop();
        return watch.Elapsed.TotalMicroseconds / list.Count;
    }
}
