using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Application.Memories;

/// <summary>
/// The one way a memory is created, whatever the channel: saved in our database (the source of truth) and
/// indexed locally in the same transaction. With a remote layer (Mem0) configured the memory waits there as
/// pending and the sync worker sends it after the commit, so a remote outage can delay it but never lose it,
/// and a rolled-back message never reaches the remote layer.
/// </summary>
/// <remarks>Notes and voice notes get a mood from <see cref="IMoodAnalyzer"/>; photos and places do not (OCR text and addresses carry no feeling).</remarks>
public sealed class MemoryWriter(IApplicationDbContext db, MemoryLayers layers, IMemorySyncSignal syncSignal, IMemoryTagger tagger, IMoodAnalyzer moods, IClock clock)
{
    /// <param name="readMood">False for text the assistant wrote (a reminder's summary), which says nothing about how the user feels.</param>
    /// <param name="mood">A mood already read (by the chat model), used instead of the lexicon's.</param>
    /// <param name="shape">Sets what only some memories have (a place, who shared it) before the memory is saved and indexed.</param>
    public async Task<Memory> RememberAsync(
        User user, Interaction source, MemoryKind kind, string content, Instant occurredAt, IEnumerable<string>? tags, CancellationToken cancellationToken,
        MediaAsset? media = null, Action<Memory>? shape = null, bool readMood = true, Mood? mood = null)
    {
        var memory = Create(user, source, Read(kind, content, tags, readMood, mood), occurredAt, media);
        shape?.Invoke(memory);
        db.Memories.Add(memory);
        await db.SaveChangesAsync(cancellationToken);
        await IndexAsync([memory], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return memory;
    }

    /// <summary>
    /// What a memory's text alone tells (its tags, its mood): no database, so a caller may read it before it
    /// takes the write turn.
    /// </summary>
    public MemoryReading Read(MemoryKind kind, string content, IEnumerable<string>? tags, bool readMood = true, Mood? mood = null)
    {
        // The user's own #hashtags and given tags first, then the topics the tagger recognises.
        var allTags = Hashtags.Extract(content).Concat(tags ?? []).Concat(tagger.Suggest(content)).ToList();
        var felt = !readMood ? null
            : mood ?? (kind is MemoryKind.Text or MemoryKind.Audio && moods.IsAvailable ? moods.Analyze(content) : null);
        return new MemoryReading(kind, content, allTags, felt);
    }

    /// <summary>The memory, not yet added to the database.</summary>
    public Memory Create(User user, Interaction source, MemoryReading reading, Instant occurredAt, MediaAsset? media = null)
    {
        var memory = Memory.Remember(user, source, reading.Kind, reading.Content, occurredAt, reading.Tags, clock.GetCurrentInstant(), media);
        if (reading.Mood is { } mood)
            memory.Feel(mood);
        return memory;
    }

    /// <summary>
    /// Indexes memories already saved (they have ids) in the caller's transaction, and links each to the index
    /// or marks it pending for the remote layer; the caller's next save stores that.
    /// </summary>
    public async Task IndexAsync(IReadOnlyList<Memory> memories, CancellationToken cancellationToken)
    {
        var indexIds = await layers.Index.AddAsync(
            memories.Select(m => new MemoryToIndex(m.Id, m.UserId, m.Kind, m.Content, m.Tags.Select(t => t.Tag).ToList(), m.OccurredAt)).ToList(),
            cancellationToken);
        for (var i = 0; i < memories.Count; i++)
        {
            if (layers.Remote is { } remote)
                memories[i].AwaitSync(remote.Name);
            else
                memories[i].LinkTo(layers.Index.Name, indexIds[i]);
        }

        if (layers.Remote is not null && memories.Count > 0)
            db.AfterCommit(syncSignal.MemoriesPending);
    }
}

/// <summary>A memory's text with what it tells: tags (given ones first) and the mood, or none.</summary>
public sealed record MemoryReading(MemoryKind Kind, string Content, IReadOnlyList<string> Tags, Mood? Mood);
