using MemoryAssistant.Domain.Conversations;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Outbound;
using MemoryAssistant.Domain.Places;
using MemoryAssistant.Domain.Reminders;
using MemoryAssistant.Domain.Sharing;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// The write side. Handlers use the sets directly rather than repositories that would only re-wrap them
/// (see docs/decisions/0003-write-side-dbcontext-read-side-dapper.md).
/// </summary>
public interface IApplicationDbContext
{
    DbSet<User> Users { get; }
    DbSet<Interaction> Interactions { get; }
    DbSet<MediaAsset> MediaAssets { get; }
    DbSet<Memory> Memories { get; }
    DbSet<Transcript> Transcripts { get; }
    DbSet<Job> Jobs { get; }
    DbSet<ConversationState> ConversationStates { get; }
    DbSet<LayerDeletion> LayerDeletions { get; }
    DbSet<Reminder> Reminders { get; }
    DbSet<OutboundMessage> OutboundMessages { get; }
    DbSet<SavedPlace> SavedPlaces { get; }
    DbSet<MemoryShare> MemoryShares { get; }
    DbSet<UserErasure> UserErasures { get; }
    DatabaseFacade Database { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets tracked changes after a failed unit of work, so a recovery write starts clean.</summary>
    void DiscardChanges();

    /// <summary>
    /// Runs <paramref name="action"/> once the current unit of work is durable: after the transaction commits,
    /// or after the next save when there is none. A rollback forgets it.
    /// </summary>
    void AfterCommit(Action action);
}
