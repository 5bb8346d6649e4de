using MemoryAssistant.Domain.Common;
using NodaTime;

namespace MemoryAssistant.Domain.Places;

/// <summary>A place the user named after sharing its location ("this is the office"), found again by "near the office".</summary>
public sealed class SavedPlace
{
    public const int MaxNameLength = 40;

    private SavedPlace() { Name = ""; }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public string Name { get; private set; }
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant UpdatedAt { get; private set; }

    public static SavedPlace Create(long userId, string name, double latitude, double longitude, Instant now)
    {
        var place = new SavedPlace { UserId = userId, CreatedAt = now };
        place.Rename(name);
        place.MoveTo(latitude, longitude, now);
        return place;
    }

    public void Rename(string name)
    {
        var normalised = Normalise(name);
        if (normalised.Length == 0 || normalised.Length > MaxNameLength)
            throw new DomainException($"A place name is 1 to {MaxNameLength} characters.");
        Name = normalised;
    }

    /// <summary>Naming a place again ("this is the office" from the new office) moves it.</summary>
    public void MoveTo(double latitude, double longitude, Instant now)
    {
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180 || double.IsNaN(latitude) || double.IsNaN(longitude))
            throw new DomainException("Coordinates are out of range.");
        Latitude = latitude;
        Longitude = longitude;
        UpdatedAt = now;
    }

    public static string Normalise(string name) => string.Join(' ', (name ?? "").Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
