using MemoryAssistant.Domain.Common;
using NodaTime;

namespace MemoryAssistant.Domain.Sharing;

public enum ShareStatus { Offered, Accepted, Declined }

/// <summary>
/// "share 2 with +44…": an offer of one memory to another WhatsApp number. On "accept" the recipient gets their
/// own copy (a memory of theirs, traceable to their "accept" message and marked with who shared it), so recall,
/// lists, export and erase treat it like any of their memories.
/// </summary>
public sealed class MemoryShare
{
    private MemoryShare() { }

    public long Id { get; private set; }
    public long? MemoryId { get; private set; }
    public long? FromUserId { get; private set; }
    public long ToUserId { get; private set; }
    public ShareStatus Status { get; private set; }
    public Instant OfferedAt { get; private set; }
    public Instant? AnsweredAt { get; private set; }

    /// <summary>The recipient's copy, once accepted.</summary>
    public long? CopyMemoryId { get; private set; }

    public static MemoryShare Offer(long memoryId, long fromUserId, long toUserId, Instant now)
    {
        if (fromUserId == toUserId)
            throw new DomainException("A memory cannot be shared with its owner.");
        return new MemoryShare { MemoryId = memoryId, FromUserId = fromUserId, ToUserId = toUserId, Status = ShareStatus.Offered, OfferedAt = now };
    }

    public void Accept(long copyMemoryId, Instant now)
    {
        EnsureOpen();
        Status = ShareStatus.Accepted;
        CopyMemoryId = copyMemoryId;
        AnsweredAt = now;
    }

    public void Decline(Instant now)
    {
        EnsureOpen();
        Status = ShareStatus.Declined;
        AnsweredAt = now;
    }

    private void EnsureOpen()
    {
        if (Status != ShareStatus.Offered)
            throw new DomainException("This share was already answered.");
    }
}
