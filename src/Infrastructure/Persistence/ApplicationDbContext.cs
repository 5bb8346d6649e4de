using MemoryAssistant.Application.Common.Interfaces;
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
using MemoryAssistant.Infrastructure.Persistence.Conversions;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Persistence;

public sealed class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : DbContext(options), IApplicationDbContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<MediaAsset> MediaAssets => Set<MediaAsset>();
    public DbSet<Memory> Memories => Set<Memory>();
    public DbSet<Transcript> Transcripts => Set<Transcript>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<ConversationState> ConversationStates => Set<ConversationState>();
    public DbSet<LayerDeletion> LayerDeletions => Set<LayerDeletion>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<OutboundMessage> OutboundMessages => Set<OutboundMessage>();
    public DbSet<SavedPlace> SavedPlaces => Set<SavedPlace>();
    public DbSet<MemoryShare> MemoryShares => Set<MemoryShare>();
    public DbSet<UserErasure> UserErasures => Set<UserErasure>();

    private readonly List<Action> _afterCommit = [];

    public void DiscardChanges() => ChangeTracker.Clear();

    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _afterCommit.Add(action);
    }

    internal void RunAfterCommitActions()
    {
        var actions = _afterCommit.ToList();
        _afterCommit.Clear();
        foreach (var action in actions)
            action();
    }

    internal void DropAfterCommitActions() => _afterCommit.Clear();

    // The write turn this context holds at its database's SqliteWriteGate, if any (see SqliteWriteGateInterceptor).
    private SqliteWriteGate? _writeTurn;

    internal async Task TakeWriteTurnAsync(SqliteWriteGate gate, CancellationToken cancellationToken)
    {
        // Still held from a transaction that was disposed without an end EF reports: keep it (the gate is not re-entrant).
        if (_writeTurn is not null)
            return;
        await gate.EnterAsync(cancellationToken);
        _writeTurn = gate;
    }

    internal void TakeWriteTurn(SqliteWriteGate gate)
    {
        if (_writeTurn is not null)
            return;
        gate.Enter();
        _writeTurn = gate;
    }

    internal void GiveBackWriteTurn()
    {
        var turn = _writeTurn;
        _writeTurn = null;
        turn?.Exit();
    }

    public override void Dispose()
    {
        GiveBackWriteTurn();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        GiveBackWriteTurn();
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as Unix epoch milliseconds (UTC): exact, sortable, and cheap to compare in SQL.
        configurationBuilder.Properties<Instant>().HaveConversion<InstantToUnixMillisecondsConverter>();
        configurationBuilder.Properties<WhatsAppNumber>().HaveConversion<WhatsAppNumberConverter>();
        configurationBuilder.Properties<MessageSid>().HaveConversion<MessageSidConverter>();
        configurationBuilder.Properties<ContentHash>().HaveConversion<ContentHashConverter>();

        // Enums as lower-case words, so the database reads well in SQL and in the read side's DTOs.
        configurationBuilder.Properties<InteractionDirection>().HaveConversion<LowerCaseEnumConverter<InteractionDirection>>().HaveMaxLength(16);
        configurationBuilder.Properties<InteractionChannel>().HaveConversion<LowerCaseEnumConverter<InteractionChannel>>().HaveMaxLength(16);
        configurationBuilder.Properties<InteractionKind>().HaveConversion<LowerCaseEnumConverter<InteractionKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<InteractionStatus>().HaveConversion<LowerCaseEnumConverter<InteractionStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<MemoryKind>().HaveConversion<LowerCaseEnumConverter<MemoryKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<JobStatus>().HaveConversion<LowerCaseEnumConverter<JobStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<MemorySyncState>().HaveConversion<LowerCaseEnumConverter<MemorySyncState>>().HaveMaxLength(16);
        configurationBuilder.Properties<MoodValence>().HaveConversion<LowerCaseEnumConverter<MoodValence>>().HaveMaxLength(16);
        configurationBuilder.Properties<ReminderStatus>().HaveConversion<LowerCaseEnumConverter<ReminderStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<OutboundStatus>().HaveConversion<LowerCaseEnumConverter<OutboundStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<ShareStatus>().HaveConversion<LowerCaseEnumConverter<ShareStatus>>().HaveMaxLength(16);
        // "08:00" reads well in SQL and sorts.
        configurationBuilder.Properties<LocalTime>().HaveConversion<LocalTimeToTextConverter>().HaveMaxLength(5);
    }
}
