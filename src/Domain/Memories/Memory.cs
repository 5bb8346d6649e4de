using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.Memories;

/// <summary>Something remembered for a user, always traceable to the interaction it came from.</summary>
public sealed class Memory
{
    public const int MaxContentLength = 4000;

    public const int MaxSyncErrorLength = 500;

    private readonly List<MemoryTag> _tags = [];
    private readonly List<MemoryLayerLink> _layerLinks = [];

    private Memory() { Content = ""; }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public User? User { get; private set; }
    public long InteractionId { get; private set; }
    public Interaction? Interaction { get; private set; }
    public long? MediaAssetId { get; private set; }
    public MediaAsset? MediaAsset { get; private set; }
    public MemoryKind Kind { get; private set; }
    public string Content { get; private set; }

    /// <summary>When it happened (the message time, or an earlier capture time), not when we processed it.</summary>
    public Instant OccurredAt { get; private set; }

    public Instant CreatedAt { get; private set; }

    /// <summary>Which memory layer holds it ("embedded", "mem0") and under what id there.</summary>
    public string? LayerName { get; private set; }

    public string? LayerMemoryId { get; private set; }
    public MemorySyncState SyncState { get; private set; }

    /// <summary>Calls made to a remote layer so far; above zero, an earlier call may have reached it.</summary>
    public int SyncAttempts { get; private set; }

    /// <summary>The remote layer's queued event for this memory, polled instead of adding again.</summary>
    public string? LayerEventId { get; private set; }

    public string? LastSyncError { get; private set; }
    public Instant? SyncedAt { get; private set; }

    /// <summary>Where it happened: a shared location, or a photo's GPS.</summary>
    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>The place's name as the user or the gazetteer knows it ("office", "Lisbon, Portugal").</summary>
    public string? PlaceName { get; private set; }

    public MoodValence? MoodValence { get; private set; }
    public double? MoodScore { get; private set; }
    public string? MoodEmotion { get; private set; }

    /// <summary>A copy accepted from another user's share: who shared it (the name is kept should they erase their data).</summary>
    public long? SharedByUserId { get; private set; }

    public string? SharedByName { get; private set; }
    public IReadOnlyList<MemoryTag> Tags => _tags;
    public IReadOnlyList<MemoryLayerLink> LayerLinks => _layerLinks;

    public static Memory Remember(
        User user, Interaction source, MemoryKind kind, string content, Instant occurredAt, IEnumerable<string> tags, Instant now, MediaAsset? media = null)
    {
        var text = content?.Trim() ?? "";
        if (text.Length == 0)
            throw new DomainException("A memory needs some content.");
        if (text.Length > MaxContentLength)
            throw new DomainException($"A memory holds at most {MaxContentLength} characters.");

        var memory = new Memory
        {
            User = user,
            Interaction = source,
            MediaAsset = media,
            Kind = kind,
            Content = text,
            OccurredAt = occurredAt,
            CreatedAt = now,
            SyncState = MemorySyncState.Pending,
        };
        foreach (var tag in tags.Select(MemoryTag.Normalise).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
            memory._tags.Add(new MemoryTag(tag));
        return memory;
    }

    public void PlaceAt(double latitude, double longitude, string? placeName)
    {
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180 || double.IsNaN(latitude) || double.IsNaN(longitude))
            throw new DomainException("Coordinates are out of range.");
        Latitude = latitude;
        Longitude = longitude;
        PlaceName = string.IsNullOrWhiteSpace(placeName) ? null : placeName.Trim()[..Math.Min(placeName.Trim().Length, 200)];
    }

    public void Feel(Mood mood)
    {
        ArgumentNullException.ThrowIfNull(mood);
        MoodValence = mood.Valence;
        MoodScore = mood.Score;
        MoodEmotion = mood.Emotion;
    }

    public Mood? Mood => MoodValence is { } valence ? new Mood(valence, MoodScore ?? 0, MoodEmotion) : null;

    public void MarkSharedBy(long userId, string name)
    {
        SharedByUserId = userId;
        SharedByName = string.IsNullOrWhiteSpace(name) ? "someone" : name.Trim()[..Math.Min(name.Trim().Length, 200)];
    }

    /// <summary>Held by the embedded engine, which indexes in the same transaction: synced at once.</summary>
    public void LinkTo(string layerName, string layerMemoryId)
    {
        LayerName = layerName;
        LayerMemoryId = layerMemoryId;
        SyncState = MemorySyncState.Synced;
    }

    /// <summary>Waits for a remote layer; the job worker sends it, in order, and records the outcome.</summary>
    public void AwaitSync(string layerName)
    {
        LayerName = layerName;
        SyncState = MemorySyncState.Pending;
    }

    /// <summary>Counted before the call leaves, so a crash mid-call is known on the next attempt.</summary>
    public void BeginSyncAttempt() => SyncAttempts++;

    public void AwaitLayerEvent(string eventId)
    {
        if (string.IsNullOrWhiteSpace(eventId))
            throw new DomainException("A layer event needs an id.");
        LayerEventId = eventId;
    }

    /// <summary>The queued event failed on the layer's side: nothing was stored there, so adding again is safe.</summary>
    public void ForgetLayerEvent() => LayerEventId = null;

    public void RecordSyncError(string error) =>
        LastSyncError = error.Length > MaxSyncErrorLength ? error[..MaxSyncErrorLength] : error;

    /// <summary>
    /// The remote layer holds it: under one id, several (facts it extracted) or none (nothing worth keeping,
    /// or every fact already known there). Links already recorded are kept once.
    /// </summary>
    public void LinkToLayer(string layerName, IEnumerable<LayerMemory> layerMemories, Instant now)
    {
        foreach (var item in layerMemories)
        {
            if (_layerLinks.Any(l => l.Layer == layerName && l.LayerMemoryId == item.Id))
                continue;
            _layerLinks.Add(new MemoryLayerLink(layerName, item.Id, item.Text, now));
        }

        LayerName = layerName;
        LayerMemoryId = _layerLinks.FirstOrDefault(l => l.Layer == layerName)?.LayerMemoryId;
        LayerEventId = null;
        LastSyncError = null;
        SyncState = MemorySyncState.Synced;
        SyncedAt = now;
    }

    /// <summary>The layer refuses this memory for good (not a fault that time fixes): kept here, flagged for an operator.</summary>
    public void MarkSyncFailed(string layerName, string error)
    {
        LayerName = layerName;
        SyncState = MemorySyncState.Failed;
        RecordSyncError(error);
    }
}
