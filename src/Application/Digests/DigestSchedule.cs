using NodaTime;
using NodaTime.TimeZones;

namespace MemoryAssistant.Application.Digests;

/// <summary>When a user's digest goes out: their chosen local time, every day, in their current zone.</summary>
public static class DigestSchedule
{
    public static readonly LocalTime DefaultTime = new(8, 0);

    /// <summary>The first digest time strictly after <paramref name="after"/>. A time skipped by a DST change moves forward by the gap.</summary>
    public static Instant Next(LocalTime at, DateTimeZone zone, Instant after)
    {
        var date = after.InZone(zone).Date;
        for (var i = 0; i < 3; i++, date = date.PlusDays(1))
        {
            var candidate = zone.ResolveLocal(date.At(at), Resolvers.LenientResolver).ToInstant();
            if (candidate > after)
                return candidate;
        }

        throw new InvalidOperationException("No digest time within three days.");
    }

    /// <summary>The local day a digest run at <paramref name="now"/> is for: today once the time has come, else yesterday's late one.</summary>
    public static LocalDate DayOf(LocalTime at, DateTimeZone zone, Instant now)
    {
        var local = now.InZone(zone);
        return local.TimeOfDay >= at ? local.Date : local.Date.PlusDays(-1);
    }
}
