using System.Globalization;
using System.Text.Json;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Persistence.Seed;

/// <summary>
/// <c>make seed</c>: a demo user with memories of every kind (notes, photos, a voice note, a place, a
/// question and a command) spread over the last three calendar weeks, placed relative to today so the demo
/// questions ("What did I plan for dinner?", "Show me my hairstyle update from last week") find them.
/// Idempotent: every seeded message has a fixed MessageSid, so seeding twice adds nothing.
/// </summary>
public sealed class DemoSeeder(ApplicationDbContext db, MemoryWriter writer, ContentAddressedMediaStore mediaStore, IClock clock, ILogger<DemoSeeder> logger)
{
    public static readonly WhatsAppNumber DemoNumber = WhatsAppNumber.Parse("+14155550100");
    public const string DemoZone = "America/Los_Angeles";

    /// <summary>
    /// When a seeded message happened: a weekday and time of a past calendar week (so "last week" always
    /// finds the haircut, whatever today is), or a number of minutes before now.
    /// </summary>
    private sealed record When(int WeeksAgo = 0, IsoDayOfWeek Day = IsoDayOfWeek.None, int Hour = 0, int Minute = 0, int MinutesAgo = 0)
    {
        public Instant Resolve(ZonedDateTime now)
        {
            if (WeeksAgo == 0)
                return now.ToInstant() - Duration.FromMinutes(MinutesAgo);
            var monday = now.Date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)).PlusWeeks(-WeeksAgo);
            return monday.PlusDays((int)Day - 1).At(new LocalTime(Hour, Minute)).InZoneLeniently(now.Zone).ToInstant();
        }
    }

    private sealed record Seed(When When, InteractionKind Kind, string Body, MemoryKind? Memory = null, string? ContentType = null);

    private static readonly Seed[] s_story =
    [
        new(new(3, IsoDayOfWeek.Tuesday, 9, 12), InteractionKind.Text, "Dentist appointment moved to Friday 12 Dec at 3pm #health", MemoryKind.Text),
        new(new(2, IsoDayOfWeek.Saturday, 13, 40), InteractionKind.Location, "Time Out Market, Lisbon — great lunch spot, try the prego sandwich", MemoryKind.Location),
        new(new(2, IsoDayOfWeek.Sunday, 18, 5), InteractionKind.Text, "Mum's birthday is on the 3rd — she wants the blue scarf from the market #family", MemoryKind.Text),
        new(new(1, IsoDayOfWeek.Tuesday, 10, 30), InteractionKind.Image, "New haircut! Shorter on the sides, keep the fringe #hairstyle", MemoryKind.Image, "image/png"),
        new(new(1, IsoDayOfWeek.Wednesday, 8, 15), InteractionKind.Audio, "To-dos: call the plumber about the kitchen tap, renew my passport, book flights for Christmas", MemoryKind.Audio, "audio/wav"),
        new(new(1, IsoDayOfWeek.Thursday, 17, 50), InteractionKind.Text, "Grocery list: milk, eggs, spinach, pancetta, parmesan #groceries", MemoryKind.Text),
        new(new(1, IsoDayOfWeek.Friday, 19, 5), InteractionKind.Text, "Dinner plan for Saturday: pasta carbonara, get pancetta on the way home #food", MemoryKind.Text),
        new(new(1, IsoDayOfWeek.Saturday, 9, 0), InteractionKind.Query, "What did I plan for dinner?"),
        new(new(1, IsoDayOfWeek.Sunday, 15, 20), InteractionKind.Image, "Whiteboard from the product meeting: launch moves to 1 Dec, Ana owns the release notes #work", MemoryKind.Image, "image/png"),
        new(new(MinutesAgo: 26 * 60), InteractionKind.Text, "The wifi password at the cabin is pinecone42", MemoryKind.Text),
        new(new(MinutesAgo: 25 * 60), InteractionKind.Command, "/list 3"),
        new(new(MinutesAgo: 120), InteractionKind.Text, "Book club picks Piranesi for next month #books", MemoryKind.Text),
    ];

    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        var zone = DateTimeZoneProviders.Tzdb[DemoZone];
        var now = clock.GetCurrentInstant().InZone(zone);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var user = await db.Users.FirstOrDefaultAsync(u => u.Number == DemoNumber, cancellationToken);
        if (user is null)
        {
            var firstSeen = s_story[0].When.Resolve(now) - Duration.FromMinutes(5);
            user = User.Register(DemoNumber, "Demo User", DemoNumber.Digits, DemoZone, firstSeen);
            db.Users.Add(user);
        }

        var added = 0;
        for (var i = 0; i < s_story.Length; i++)
        {
            var seed = s_story[i];
            var sid = MessageSid.Parse(string.Create(CultureInfo.InvariantCulture, $"{(seed.ContentType is null ? "SM" : "MM")}5eed{i + 1:x28}"));
            if (await db.Interactions.AnyAsync(x => x.MessageSid == sid, cancellationToken))
                continue;

            var at = seed.When.Resolve(now);
            var payload = new Dictionary<string, string> { ["MessageSid"] = sid.Value, ["From"] = DemoNumber.ChannelAddress, ["Body"] = seed.Body, ["Seeded"] = "true" };
            var interaction = Interaction.ReceiveWhatsApp(user, sid, seed.Body, JsonSerializer.Serialize(payload), at);
            interaction.ClassifyAs(seed.Kind);
            db.Interactions.Add(interaction);

            MediaAsset? media = null;
            if (seed.ContentType is { } contentType)
            {
                media = await StoreMediaAsync(i, contentType, at, cancellationToken);
                interaction.AttachMedia(0, $"https://demo.invalid/media/{media.Sha256.Value[..12]}", contentType).LinkAsset(media);
            }

            await db.SaveChangesAsync(cancellationToken);
            var reply = seed.Memory is { } kind
                ? $"✅ Saved: “{(await writer.RememberAsync(user, interaction, kind, seed.Body, at, tags: null, cancellationToken, media)).Content}”"
                : "(seeded question)";
            interaction.MarkAnswered(reply, at);
            await db.SaveChangesAsync(cancellationToken);
            added++;
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Seeded {Added} interaction(s) for demo user {User}", added, DemoNumber.Masked);
        return added;
    }

    private async Task<MediaAsset> StoreMediaAsync(int index, string contentType, Instant at, CancellationToken cancellationToken)
    {
        var bytes = contentType.StartsWith("image/", StringComparison.Ordinal)
            ? DemoMedia.Png(96, ((byte)(40 * index), 90, 160), (230, (byte)(20 * index), 80))
            : DemoMedia.Wav(2.0, 440, 554, 659, 880);
        var blob = await mediaStore.SaveAsync(bytes, cancellationToken);
        return await db.MediaAssets.FirstOrDefaultAsync(a => a.Sha256 == blob.Hash, cancellationToken)
            ?? db.MediaAssets.Add(MediaAsset.Store(blob.Hash, contentType, blob.SizeBytes, blob.RelativePath, at)).Entity;
    }
}
