using MemoryAssistant.Application.Moods;
using MemoryAssistant.Application.Places;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Places;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>Shared locations, naming them ("this is the office"), and "how have I been feeling?".</summary>
public sealed partial class ReceiveWhatsAppMessageCommandHandler
{
    /// <summary>
    /// A shared location is a geo-tagged memory, named after its label or the nearest city. When that city lies in
    /// another time zone the reply offers the switch; the user decides (/tz), nothing changes silently.
    /// </summary>
    private async Task<Answer> RememberLocationAsync(User user, Interaction interaction, InboundLocation place, string body, CancellationToken cancellationToken)
    {
        interaction.ClassifyAs(InteractionKind.Location);
        var city = GeoMath.IsValid(place.Latitude, place.Longitude) ? gazetteer.Nearest(place.Latitude, place.Longitude) : null;
        var text = body.Length > 0 ? $"{body} — 📍 {place.Describe()}" : $"📍 {place.Describe()}";
        if (city is not null && !text.Contains(city.Name, StringComparison.OrdinalIgnoreCase))
            text += $" ({city.Name}, {city.Country})";
        if (text.Length > Memory.MaxContentLength)
            return WhatsAppReplies.TooLong(Memory.MaxContentLength); // a long caption (or label) must not fail the whole message
        var located = await writer.RememberAsync(user, interaction, MemoryKind.Location, text, interaction.ReceivedAt, tags: null, cancellationToken,
            shape: m =>
            {
                if (GeoMath.IsValid(place.Latitude, place.Longitude))
                    m.PlaceAt(place.Latitude, place.Longitude, place.Label ?? (city is null ? null : $"{city.Name}, {city.Country}"));
            });

        var reply = WhatsAppReplies.Saved(located) + "\n_Name it: reply “this is the office” (or home, the gym…)._";
        if (city is not null && city.TimeZoneId != user.TimeZoneId && DateTimeZoneProviders.Tzdb.GetZoneOrNull(city.TimeZoneId) is not null)
            reply += $"\n🕐 This place is in {city.TimeZoneId}; your times are shown in {user.TimeZoneId}. Reply /tz {city.TimeZoneId} to switch.";
        return new Answer(WhatsAppReplies.Fit(reply), UpdateThread: (thread, at) => thread.Saved(located.Id, at));
    }

    /// <summary>"this is the office" right after sharing a location names that place; null when no location was just shared.</summary>
    private async Task<Answer?> NamePlaceAsync(User user, Interaction interaction, string name, Instant now, CancellationToken cancellationToken)
    {
        var thread = await db.ConversationStates.FindAsync([user.Id], cancellationToken);
        if (thread?.LastSavedMemoryId is not { } lastId || thread.LastSavedAt is not { } savedAt || now - savedAt > Domain.Conversations.ConversationState.UndoWindow)
            return null;
        var location = await db.Memories.FirstOrDefaultAsync(m => m.Id == lastId && m.UserId == user.Id && m.Latitude != null, cancellationToken);
        if (location is null)
            return null;

        interaction.ClassifyAs(InteractionKind.Command);
        var normalised = SavedPlace.Normalise(name);
        var place = await db.SavedPlaces.FirstOrDefaultAsync(p => p.UserId == user.Id && p.Name == normalised, cancellationToken);
        var moved = place is not null;
        if (place is null)
            db.SavedPlaces.Add(place = SavedPlace.Create(user.Id, name, location.Latitude!.Value, location.Longitude!.Value, now));
        else
            place.MoveTo(location.Latitude!.Value, location.Longitude!.Value, now);
        location.PlaceAt(location.Latitude!.Value, location.Longitude!.Value, place.Name);
        return WhatsAppReplies.Fit(
            $"📍 {(moved ? "Moved" : "Saved")} *{place.Name}* here. Ask _what did I save near the {place.Name}?_ — notes and photos within about {PlaceResolver.NamedPlaceRadiusKm:0} km count.");
    }

    /// <summary>"how have I been feeling this week?": the moods of the notes in the period, summed up.</summary>
    private async Task<Answer> MoodAsync(User user, Interaction interaction, Common.Time.TimePhrase period, Instant now, CancellationToken cancellationToken)
    {
        interaction.ClassifyAs(InteractionKind.Query);
        var notes = await db.Memories.AsNoTracking()
            .Where(m => m.UserId == user.Id && m.MoodValence != null && m.OccurredAt >= period.Interval.Start && m.OccurredAt < period.Interval.End)
            .OrderBy(m => m.OccurredAt)
            .Select(m => new { m.OccurredAt, m.MoodValence, m.MoodScore, m.MoodEmotion, m.Content })
            .ToListAsync(cancellationToken);
        var moods = notes.Select(n => (n.OccurredAt, new Mood(n.MoodValence!.Value, n.MoodScore ?? 0, n.MoodEmotion), n.Content)).ToList();
        return MoodSummary.Compose(moods, period.Description, user.TimeZone, now);
    }
}
