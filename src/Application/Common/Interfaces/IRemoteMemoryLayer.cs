using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// A hosted memory layer (Mem0) that holds the searchable form of our memories. It is never written in the
/// webhook's transaction: memories wait in our DB (sync state pending) and the job worker sends them in order.
/// Faults that time may fix throw <see cref="Exceptions.MemoryLayerUnavailableException"/>; refusals that it
/// will not fix throw <see cref="Exceptions.MemoryLayerRejectedException"/>.
/// </summary>
public interface IRemoteMemoryLayer
{
    /// <summary>Short name stored on each memory it holds ("mem0").</summary>
    string Name { get; }

    /// <summary>Whether photos themselves are sent (Mem0 describes them only with inference on).</summary>
    bool AcceptsImages { get; }

    /// <summary>Sends one memory. The layer either answers at once or queues an event to poll.</summary>
    Task<RemoteAddOutcome> AddAsync(MemoryToSync memory, CancellationToken cancellationToken);

    Task<RemoteEventOutcome> GetEventAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>What the layer already holds for one of our memories (found by the metadata we attach).</summary>
    Task<IReadOnlyList<LayerMemory>> FindBySourceAsync(string userExternalId, long memoryId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RemoteMemoryHit>> SearchAsync(RemoteSearch search, CancellationToken cancellationToken);

    /// <summary>One page of a user's memories, newest first.</summary>
    Task<RemoteMemoryPage> ListAsync(string userExternalId, int page, int pageSize, CancellationToken cancellationToken);

    Task<RemoteMemory?> GetAsync(string layerMemoryId, CancellationToken cancellationToken);

    Task DeleteAsync(string layerMemoryId, CancellationToken cancellationToken);

    Task DeleteAllAsync(string userExternalId, CancellationToken cancellationToken);

    /// <summary>Checks that the layer answers and accepts our key.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>Everything the layer needs to hold one memory and lead back to our rows.</summary>
/// <param name="UserExternalId">Our opaque user id, never the phone number.</param>
/// <param name="Image">The photo itself, sent when the layer describes images (Mem0 with inference on).</param>
public sealed record MemoryToSync(
    long MemoryId,
    long InteractionId,
    string UserExternalId,
    MemoryKind Kind,
    string Content,
    IReadOnlyList<string> Tags,
    Instant OccurredAt,
    string TimeZoneId,
    string? MessageSid,
    string? MediaSha256,
    MemoryImage? Image);

public sealed record MemoryImage(string ContentType, byte[] Bytes);

public abstract record RemoteAddOutcome
{
    public sealed record Stored(IReadOnlyList<LayerMemory> Memories) : RemoteAddOutcome;

    public sealed record Queued(string EventId) : RemoteAddOutcome;
}

public abstract record RemoteEventOutcome
{
    public sealed record InProgress(string Status) : RemoteEventOutcome;

    public sealed record Succeeded(IReadOnlyList<LayerMemory> Memories) : RemoteEventOutcome;

    public sealed record Failed(string Reason) : RemoteEventOutcome;
}

/// <param name="UserExternalId">Null searches every user (an operator's view).</param>
public sealed record RemoteSearch(string? UserExternalId, string Query, Instant? From, Instant? To, DateTimeZone Zone, int TopK);

/// <param name="SourceMemoryId">Our memory id from the metadata we attached, when present.</param>
public sealed record RemoteMemoryHit(string LayerMemoryId, long? SourceMemoryId, double Score, string Text);

public sealed record RemoteMemory(string LayerMemoryId, string UserExternalId, string Text, long? SourceMemoryId, DateTimeOffset CreatedAt);

public sealed record RemoteMemoryPage(int Count, IReadOnlyList<RemoteMemory> Memories, bool HasNext);
