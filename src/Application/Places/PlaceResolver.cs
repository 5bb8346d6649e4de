using System.Data.Common;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Places;

namespace MemoryAssistant.Application.Places;

/// <summary>An area to search in: around a named place of the user's or a city.</summary>
/// <param name="Label">How the reply names it: "near the office", "in Lisbon".</param>
public sealed record GeoArea(string Label, double Latitude, double Longitude, double RadiusKm);

/// <summary>
/// Finds the place a question names ("near the office", "photos from Lisbon"): the user's own named places
/// first, then the gazetteer's cities. City names that are also everyday words ("nice", "reading") count only
/// when capitalised, so "a nice dinner in town" stays a question about dinner.
/// </summary>
public sealed class PlaceResolver(IGazetteer gazetteer)
{
    /// <summary>GPS of a phone indoors wanders; a named place is a neighbourhood, not a point.</summary>
    public const double NamedPlaceRadiusKm = 1.0;

    private static readonly HashSet<string> s_everydayWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "nice", "split", "reading", "van", "man", "orange", "bath", "mobile", "florence", "victoria", "york", "hope", "marks", "lincoln",
        "home", "work", "office", "gym", "school", "college", "university", "town", "city", "park", "beach", "church", "bar", "mall",
    };

    private sealed record SavedRow(string Name, double Latitude, double Longitude);

    public async Task<(GeoArea Area, string RemainingText)?> ResolveAsync(DbConnection connection, long? userId, string question)
    {
        var saved = userId is { } id
            ? (await connection.QueryAsync<SavedRow>("SELECT name AS Name, latitude AS Latitude, longitude AS Longitude FROM saved_places WHERE user_id = @id", new { id }))
                .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase)
            : [];

        var phrase = PlacePhrases.Find(question, name => saved.ContainsKey(SavedPlace.Normalise(name)) || City(name) is not null);
        if (phrase is null)
            return null;

        if (saved.TryGetValue(SavedPlace.Normalise(phrase.Name), out var place))
            return (new GeoArea($"{(phrase.Near ? "near" : "at")} the {place.Name}", place.Latitude, place.Longitude, NamedPlaceRadiusKm), phrase.RemainingText);
        var city = City(phrase.Name)!;
        return (new GeoArea($"in {city.Name}", city.Latitude, city.Longitude, gazetteer.RadiusKm(city)), phrase.RemainingText);
    }

    private GazetteerPlace? City(string name) =>
        s_everydayWords.Contains(name) && !char.IsUpper(name[0]) ? null : gazetteer.Find(name);
}
