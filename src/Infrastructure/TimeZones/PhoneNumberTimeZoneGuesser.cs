using System.Collections.Frozen;
using MemoryAssistant.Application.Common.Interfaces;
using NodaTime.TimeZones;
using PhoneNumbers;

namespace MemoryAssistant.Infrastructure.TimeZones;

/// <summary>
/// Guesses an IANA time zone from a phone number: the country's only zone when it has one; otherwise the zone
/// libphonenumber maps the number's area code to; otherwise the zone of the country's capital / main population centre.
/// See docs/time-zones-by-phone.md.
/// </summary>
/// <remarks>
/// Immutable after construction and safe to share as a singleton: the libphonenumber instances are process-wide
/// singletons backed by read-only (frozen) maps.
/// </remarks>
public sealed class PhoneNumberTimeZoneGuesser : ITimeZoneGuesser
{
    private const string _unknownZone = "UTC";

    // Multi-zone countries whose number did not pin down a single zone get the zone of the capital / biggest
    // population centre. zone.tab's first entry is not always that (UZ lists Samarkand first, PS lists Gaza).
    // AC, TA and XK have numbers but no zone.tab line of their own, so they are mapped to the zone they follow.
    // Every entry is checked against NodaTime's zone.tab in the tests.
    private static readonly FrozenDictionary<string, string> _preferredZones = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AR"] = "America/Argentina/Buenos_Aires",
        ["AU"] = "Australia/Sydney",
        ["BR"] = "America/Sao_Paulo",
        ["CA"] = "America/Toronto",
        ["CD"] = "Africa/Kinshasa",
        ["CL"] = "America/Santiago",
        ["CN"] = "Asia/Shanghai",
        ["CY"] = "Asia/Nicosia",
        ["DE"] = "Europe/Berlin",
        ["EC"] = "America/Guayaquil",
        ["ES"] = "Europe/Madrid",
        ["FM"] = "Pacific/Pohnpei",
        ["GL"] = "America/Nuuk",
        ["ID"] = "Asia/Jakarta",
        ["KI"] = "Pacific/Tarawa",
        ["KZ"] = "Asia/Almaty",
        ["MH"] = "Pacific/Majuro",
        ["MN"] = "Asia/Ulaanbaatar",
        ["MX"] = "America/Mexico_City",
        ["MY"] = "Asia/Kuala_Lumpur",
        ["NZ"] = "Pacific/Auckland",
        ["PF"] = "Pacific/Tahiti",
        ["PG"] = "Pacific/Port_Moresby",
        ["PS"] = "Asia/Hebron",
        ["PT"] = "Europe/Lisbon",
        ["RU"] = "Europe/Moscow",
        ["UA"] = "Europe/Kyiv",
        ["US"] = "America/New_York",
        ["UZ"] = "Asia/Tashkent",
        ["AC"] = "Atlantic/St_Helena",
        ["TA"] = "Atlantic/St_Helena",
        ["XK"] = "Europe/Belgrade",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // libphonenumber maps every Malaysian number, Kuala Lumpur's 03 included, to Asia/Kuching: no per-number information.
    private static readonly FrozenSet<string> _countriesWithCoarseNumberMap = FrozenSet.Create(StringComparer.Ordinal, "MY");

    private readonly PhoneNumberUtil _phoneUtil;
    private readonly PhoneNumberToTimeZonesMapper _zoneMapper;
    private readonly FrozenDictionary<string, string[]> _zonesByCountry;
    private readonly FrozenDictionary<string, string> _canonicalIds;

    public PhoneNumberTimeZoneGuesser()
    {
        // Both load and decompress embedded metadata on first use; do it once, here.
        _phoneUtil = PhoneNumberUtil.GetInstance();
        _zoneMapper = PhoneNumberToTimeZonesMapper.GetInstance();

        var source = TzdbDateTimeZoneSource.Default;
        _zonesByCountry = (source.ZoneLocations ?? [])
            .GroupBy(location => location.CountryCode, StringComparer.Ordinal)
            .ToFrozenDictionary(group => group.Key, group => group.Select(location => location.ZoneId).ToArray(), StringComparer.Ordinal);
        _canonicalIds = source.CanonicalIdMap.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The zone chosen for each country that has several zones (or none of its own in zone.tab),
    /// used when the number itself does not identify a single zone.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PreferredZones => _preferredZones;

    public TimeZoneGuess Guess(string e164Number)
    {
        if (string.IsNullOrWhiteSpace(e164Number))
        {
            return new TimeZoneGuess(_unknownZone, "no phone number");
        }

        PhoneNumber number;
        try
        {
            number = _phoneUtil.Parse(Normalize(e164Number), null);
        }
        catch (NumberParseException)
        {
            return new TimeZoneGuess(_unknownZone, "unparsable phone number");
        }

        if (!_phoneUtil.IsPossibleNumber(number))
        {
            return new TimeZoneGuess(_unknownZone, $"not a possible number for +{number.CountryCode}");
        }

        // A possible but invalid number (e.g. a reserved range) has no region of its own;
        // the calling code's main country is still a far better guess than UTC.
        var isValid = _phoneUtil.IsValidNumber(number);
        var region = isValid
            ? _phoneUtil.GetRegionCodeForNumber(number)
            : _phoneUtil.GetRegionCodeForCountryCode(number.CountryCode);
        if (region is null or "ZZ" or "001")
        {
            return new TimeZoneGuess(_unknownZone, $"non-geographic number +{number.CountryCode}");
        }

        var countryZones = _zonesByCountry.GetValueOrDefault(region, []);
        if (countryZones.Length == 0)
        {
            return _preferredZones.TryGetValue(region, out var borrowed)
                ? new TimeZoneGuess(borrowed, $"country {region} has no zone of its own: chose {borrowed}")
                : new TimeZoneGuess(_unknownZone, $"no time zone data for country {region}");
        }

        // Single-zone countries skip the per-number map on purpose: for some of them libphonenumber names a
        // neighbour's zone with today's offset but other DST rules (LY and LT → Europe/Bucharest, NI → America/Chicago).
        if (countryZones.Length == 1)
        {
            return new TimeZoneGuess(countryZones[0], $"country {region}");
        }

        if (isValid && !_countriesWithCoarseNumberMap.Contains(region) && TryZoneFromNumber(number, countryZones, out var numberZone))
        {
            return new TimeZoneGuess(numberZone, DescribeNumberPrefix(number, region));
        }

        if (_preferredZones.TryGetValue(region, out var preferred) && countryZones.Contains(preferred, StringComparer.Ordinal))
        {
            return new TimeZoneGuess(preferred, $"country {region} has several zones: chose {preferred}");
        }

        return new TimeZoneGuess(countryZones[0], $"country {region} has several zones: chose first listed, {countryZones[0]}");
    }

    // Meta's webhooks send "351912345678", Twilio sends "whatsapp:+351912345678"; both mean the same E.164 number.
    private static string Normalize(string raw)
    {
        var text = raw.Trim();
        const string twilioPrefix = "whatsapp:";
        if (text.StartsWith(twilioPrefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[twilioPrefix.Length..].Trim();
        }

        return text.Length > 0 && char.IsAsciiDigit(text[0]) ? "+" + text : text;
    }

    // Uses libphonenumber's prefix → zones map, but only when it names exactly one zone and that zone is one of the
    // country's own. Its data still uses some old ids (America/Buenos_Aires, America/Godthab, Pacific/Truk), so ids are
    // matched through NodaTime's canonical map and the country's zone.tab spelling is returned.
    private bool TryZoneFromNumber(PhoneNumber number, string[] countryZones, out string zoneId)
    {
        zoneId = string.Empty;
        var candidates = _zoneMapper.GetTimeZonesForNumber(number);
        if (candidates.Count != 1 || !_canonicalIds.TryGetValue(candidates[0], out var candidateCanonical))
        {
            return false;
        }

        var match = Array.Find(countryZones, zone => string.Equals(zone, candidates[0], StringComparison.Ordinal))
            ?? Array.Find(countryZones, zone => _canonicalIds.TryGetValue(zone, out var canonical)
                && string.Equals(canonical, candidateCanonical, StringComparison.Ordinal));
        if (match is null)
        {
            return false;
        }

        zoneId = match;
        return true;
    }

    private string DescribeNumberPrefix(PhoneNumber number, string region)
    {
        var areaCodeLength = _phoneUtil.GetLengthOfGeographicalAreaCode(number);
        return areaCodeLength > 0
            ? $"area code {_phoneUtil.GetNationalSignificantNumber(number)[..areaCodeLength]}"
            : $"number range in country {region}";
    }
}
