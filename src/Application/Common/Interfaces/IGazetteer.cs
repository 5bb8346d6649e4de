namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>A city of the gazetteer: where it is, how big it is and which clock it keeps.</summary>
/// <param name="Name">The city's display name, diacritics kept ("São Paulo" when the source spells it so).</param>
/// <param name="Province">State / region / district; <see langword="null"/> when the source has none.</param>
/// <param name="Population">Never negative (the source's "unknown" markers are read as 0).</param>
/// <param name="TimeZoneId">The city's IANA zone, e.g. "Europe/Lisbon".</param>
public sealed record GazetteerPlace(string Name, string Country, string? Province, double Latitude, double Longitude, long Population, string TimeZoneId);

/// <summary>
/// Cities of the world by name and by position, so "photos from Lisbon" can become a circle on the map and a
/// shared location can be told back to the user as a city ("saved near Porto").
/// </summary>
/// <remarks>Implementations are immutable after construction and safe to share as a singleton.</remarks>
public interface IGazetteer
{
    /// <summary>
    /// The most populous city whose name or ASCII name equals <paramref name="name"/>, ignoring case, diacritics
    /// and surrounding/inner extra whitespace ("lisbon", "Sao Paulo" and "são paulo" alike, "new  york");
    /// <see langword="null"/> for an unknown or blank name. Only names the source holds are known: there are no
    /// aliases or translations ("Lisboa" is unknown unless the source lists it).
    /// </summary>
    GazetteerPlace? Find(string name);

    /// <summary>
    /// The city a position is best described by: among the cities at most <paramref name="maxKm"/> away, the one
    /// with the lowest <c>distanceKm / log10(population + 10)</c>, so a bigger city wins when the distances are
    /// close (a 1M city 15 km away ties a 10k town 10 km away) and a town wins when you are standing in it.
    /// <see langword="null"/> when no city is that close (open sea) or the coordinates are invalid.
    /// </summary>
    GazetteerPlace? Nearest(double latitude, double longitude, double maxKm = 50);

    /// <summary>
    /// The radius to search around a city's centre for "from &lt;city&gt;": grows with the population, since a
    /// bigger city covers more ground; 15 km for a city of 500k, 30 km for the largest (5M and up), never below 5 km.
    /// </summary>
    double RadiusKm(GazetteerPlace place);
}
