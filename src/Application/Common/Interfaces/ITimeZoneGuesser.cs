namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// Guesses a new user's time zone from their phone number, so reminders are right before they ever run /tz.
/// </summary>
public interface ITimeZoneGuesser
{
    /// <summary>Never throws for bad input: an unknown or unparsable number yields "UTC".</summary>
    /// <param name="e164Number">E.164 number, e.g. "+351912345678" (a missing "+" or a "whatsapp:" prefix is tolerated).</param>
    TimeZoneGuess Guess(string e164Number);
}

/// <param name="ZoneId">An IANA id that exists in NodaTime's TZDB provider.</param>
/// <param name="Reason">A few words on how the zone was chosen, for logs and the user-facing explanation.</param>
public sealed record TimeZoneGuess(string ZoneId, string Reason);
