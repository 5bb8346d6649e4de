using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure;

/// <summary>
/// The offline lexicons (scripts/fetch-lexicons.sh, run by <c>make setup</c>) live in <c>Lexicons:Directory</c>,
/// by default <c>{Storage:DataDirectory}/lexicons</c>. A missing file switches its feature off, never the app:
/// /health says which.
/// </summary>
public static class LexiconRegistration
{
    public const string Section = "Lexicons";

    public static string Directory(IConfiguration configuration, StorageOptions storage) =>
        Path.GetFullPath(configuration[$"{Section}:Directory"] is { Length: > 0 } configured ? configured : Path.Combine(storage.DataDirectory, "lexicons"));
}

/// <summary>Used when the AFINN lexicon is missing: records no mood rather than a false "neutral".</summary>
public sealed class UnavailableMoodAnalyzer(string reason) : IMoodAnalyzer
{
    public string Name => "none";

    public string Reason { get; } = reason;

    public bool IsAvailable => false;

    public Mood Analyze(string text) => new(MoodValence.Neutral, 0, null);
}

/// <summary>Used when cities.json is missing: no place is named from coordinates, no city is found by name.</summary>
public sealed class UnavailableGazetteer(string reason) : IGazetteer
{
    public string Reason { get; } = reason;

    public GazetteerPlace? Find(string name) => null;

    public GazetteerPlace? Nearest(double latitude, double longitude, double maxKm = 50) => null;

    public double RadiusKm(GazetteerPlace place) => 10;
}
