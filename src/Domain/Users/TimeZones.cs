using NodaTime;

namespace MemoryAssistant.Domain.Users;

/// <summary>IANA zone look-up that forgives case ("europe/lisbon"), since people type zone names by hand.</summary>
public static class TimeZones
{
    private static readonly Dictionary<string, string> s_idsIgnoringCase =
        DateTimeZoneProviders.Tzdb.Ids.ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase);

    public static DateTimeZone? Find(string? zoneId) =>
        zoneId is not null && s_idsIgnoringCase.TryGetValue(zoneId.Trim(), out var id)
            ? DateTimeZoneProviders.Tzdb[id]
            : null;
}
