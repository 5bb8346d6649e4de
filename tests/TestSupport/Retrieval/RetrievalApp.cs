using System.Globalization;
using MemoryAssistant.Application;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;

namespace MemoryAssistant.TestSupport.Retrieval;

/// <summary>
/// The real application services (AddApplication + AddInfrastructure) over an SQLite file in a data directory,
/// with a fixed clock: what the benchmark writes through and recalls from. Configuration comes only from the
/// dictionary given (no environment variables), so callers decide the memory engine's mode.
/// </summary>
public sealed class RetrievalApp : IAsyncDisposable
{
    private static int _nextSid;

    private readonly bool _ownsDirectory;

    private RetrievalApp(string dataDirectory, bool ownsDirectory, ServiceProvider services, FakeClock clock)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Services = services;
        Clock = clock;
    }

    public string DataDirectory { get; }
    public ServiceProvider Services { get; }
    public FakeClock Clock { get; }
    public string DatabasePath => Services.GetRequiredService<StorageOptions>().DatabasePath;

    /// <summary>A user as recall needs them: our id, the opaque id remote layers know, the zone.</summary>
    public sealed record AppUser(long Id, string ExternalId, DateTimeZone Zone);

    /// <summary>Builds the service provider only (no database work): the first half of start-up.</summary>
    /// <param name="dataDirectory">An existing data directory to open; null makes a temporary one, deleted on dispose.</param>
    public static RetrievalApp Build(IDictionary<string, string?> configuration, Instant now, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ownsDirectory = dataDirectory is null;
        var directory = dataDirectory ?? CreateTempDirectory();
        var settings = new Dictionary<string, string?>(configuration, StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = directory,
        };
        var clock = new FakeClock(now);
        var services = new ServiceCollection()
            .AddLogging()
            .AddApplication()
            .AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.Replace(ServiceDescriptor.Singleton<IClock>(clock));
        return new RetrievalApp(directory, ownsDirectory, services.BuildServiceProvider(validateScopes: true), clock);
    }

    /// <summary>Builds the app and applies the migrations, as the app does at start-up.</summary>
    public static async Task<RetrievalApp> CreateAsync(IDictionary<string, string?> configuration, Instant now, string? dataDirectory = null)
    {
        var app = Build(configuration, now, dataDirectory);
        try
        {
            await app.MigrateAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public static string CreateTempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ma-retrieval", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public async Task MigrateAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task<AppUser> AddUserAsync(string number, string name, string timeZoneId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var user = User.Register(WhatsAppNumber.Parse(number), name, null, timeZoneId, Clock.GetCurrentInstant());
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new AppUser(user.Id, user.ExternalId, user.TimeZone);
    }

    /// <summary>Finds a user by number (to recall against a database someone else filled).</summary>
    public async Task<AppUser> FindUserAsync(string number)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var parsed = WhatsAppNumber.Parse(number);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Number == parsed);
        return new AppUser(user.Id, user.ExternalId, user.TimeZone);
    }

    /// <summary>
    /// The real path, one message at a time: the WhatsApp message is saved as an interaction, then
    /// <see cref="MemoryWriter"/> stores the memory and indexes it. Returns the memory's id.
    /// </summary>
    public async Task<long> RememberAsync(AppUser user, MemoryKind kind, string content, Instant occurredAt)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var owner = await db.Users.SingleAsync(u => u.Id == user.Id);
        var interaction = Interaction.ReceiveWhatsApp(owner, NextSid(), content, "{}", occurredAt);
        interaction.ClassifyAs(InteractionKindOf(kind));
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync();
        var memory = await scope.ServiceProvider.GetRequiredService<MemoryWriter>()
            .RememberAsync(owner, interaction, kind, content, occurredAt, tags: null, CancellationToken.None);
        return memory.Id;
    }

    /// <summary>
    /// Many memories in one transaction, fast: rows are saved in batches through EF Core, then each goes
    /// through the real index write path (<see cref="IMemoryIndex.AddAsync"/>) and is linked to it, as
    /// <see cref="MemoryWriter"/> does. Returns how many were written.
    /// </summary>
    public async Task<int> BulkRememberAsync(AppUser user, IEnumerable<(MemoryKind Kind, string Content, Instant OccurredAt)> memories, int batchSize = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memories);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var index = scope.ServiceProvider.GetRequiredService<IMemoryIndex>();
        var now = Clock.GetCurrentInstant();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var written = 0;
        foreach (var batch in memories.Chunk(batchSize))
        {
            var owner = await db.Users.SingleAsync(u => u.Id == user.Id, cancellationToken);
            var saved = new List<Memory>(batch.Length);
            foreach (var (kind, content, occurredAt) in batch)
            {
                var interaction = Interaction.ReceiveWhatsApp(owner, NextSid(), content, "{}", occurredAt);
                interaction.ClassifyAs(InteractionKindOf(kind));
                db.Interactions.Add(interaction);
                var memory = Memory.Remember(owner, interaction, kind, content, occurredAt, Hashtags.Extract(content), now);
                db.Memories.Add(memory);
                saved.Add(memory);
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var memory in saved)
            {
                var indexId = await index.AddAsync(
                    new MemoryToIndex(memory.Id, owner.Id, memory.Kind, memory.Content, memory.Tags.Select(t => t.Tag).ToList(), memory.OccurredAt),
                    cancellationToken);
                memory.LinkTo(index.Name, indexId);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.DiscardChanges();
            written += saved.Count;
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>
    /// Asks the way a WhatsApp question or <c>GET /memories</c> does: a fresh scope, a read connection, the
    /// real <see cref="MemorySearch"/> and <see cref="MemoryRecall"/>, in the user's zone at the clock's now.
    /// </summary>
    public async Task<MemoryRecall.Result> RecallAsync(AppUser user, string question, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var scope = Services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<MemorySearch>();
        await using var connection = await scope.ServiceProvider.GetRequiredService<IReadDbConnectionFactory>().OpenAsync(cancellationToken);
        return await MemoryRecall.RunAsync(
            connection, search, new MemoryRecall.RecallScope(user.Id, user.ExternalId), question, user.Zone, Clock.GetCurrentInstant(), limit, cancellationToken);
    }

    public static MemoryKind ParseKind(string kind) => kind.ToUpperInvariant() switch
    {
        "TEXT" => MemoryKind.Text,
        "IMAGE" => MemoryKind.Image,
        "AUDIO" => MemoryKind.Audio,
        "LOCATION" => MemoryKind.Location,
        _ => throw new InvalidDataException($"Unknown memory kind '{kind}' (text, image, audio or location)."),
    };

    private static InteractionKind InteractionKindOf(MemoryKind kind) => kind switch
    {
        MemoryKind.Image => InteractionKind.Image,
        MemoryKind.Audio => InteractionKind.Audio,
        MemoryKind.Location => InteractionKind.Location,
        _ => InteractionKind.Text,
    };

    private static MessageSid NextSid() =>
        MessageSid.Parse(string.Create(CultureInfo.InvariantCulture, $"SM{Interlocked.Increment(ref _nextSid):x32}"));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDirectory && Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}
