using MemoryAssistant.Domain.Common;
using NodaTime;

namespace MemoryAssistant.Domain.Users;

/// <summary>A person who talks to the assistant, identified by their WhatsApp number.</summary>
public sealed class User
{
    private User() { Number = null!; TimeZoneId = null!; ExternalId = null!; }

    public long Id { get; private set; }
    public WhatsAppNumber Number { get; private set; }
    public string? WaId { get; private set; }
    public string? ProfileName { get; private set; }

    /// <summary>
    /// Opaque, stable id given to outside services (Mem0's <c>user_id</c>) so they never see the phone number.
    /// </summary>
    public string ExternalId { get; private set; }

    /// <summary>IANA zone id: every time phrase and every time shown to this user is read in it.</summary>
    public string TimeZoneId { get; private set; }

    /// <summary>Local time of the daily digest; null when the user has not opted in (the default).</summary>
    public LocalTime? DigestTime { get; private set; }

    /// <summary>The day the weekly summary comes with the digest.</summary>
    public IsoDayOfWeek WeeklySummaryDay { get; private set; } = IsoDayOfWeek.Sunday;

    public Instant CreatedAt { get; private set; }
    public Instant LastSeenAt { get; private set; }

    public DateTimeZone TimeZone => DateTimeZoneProviders.Tzdb[TimeZoneId];

    public static User Register(WhatsAppNumber number, string? profileName, string? waId, string timeZoneId, Instant now)
    {
        var user = new User { Number = number, ExternalId = NewExternalId(), CreatedAt = now, LastSeenAt = now };
        user.ChangeTimeZone(timeZoneId);
        user.Touch(profileName, waId, now);
        return user;
    }

    /// <summary>Records that the user was seen; WhatsApp profile names change, so keep the latest.</summary>
    public void Touch(string? profileName, string? waId, Instant now)
    {
        if (!string.IsNullOrWhiteSpace(profileName))
            ProfileName = profileName.Trim();
        if (!string.IsNullOrWhiteSpace(waId))
            WaId = waId.Trim();
        if (now > LastSeenAt)
            LastSeenAt = now;
    }

    public void ChangeTimeZone(string timeZoneId)
    {
        TimeZoneId = TimeZones.Find(timeZoneId)?.Id
            ?? throw new DomainException($"'{timeZoneId}' is not an IANA time zone (for example Europe/Lisbon or America/New_York).");
    }

    /// <summary>Opts in to the daily digest (and the weekly summary on <paramref name="weeklyDay"/>).</summary>
    public void EnableDigest(LocalTime at, IsoDayOfWeek weeklyDay = IsoDayOfWeek.Sunday)
    {
        if (weeklyDay == IsoDayOfWeek.None)
            throw new DomainException("The weekly summary needs a day of the week.");
        DigestTime = at;
        WeeklySummaryDay = weeklyDay;
    }

    public void DisableDigest() => DigestTime = null;

    public static string NewExternalId() => "u_" + Guid.NewGuid().ToString("N")[..24];
}
