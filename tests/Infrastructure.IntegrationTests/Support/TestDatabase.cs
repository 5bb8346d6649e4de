using System.Data.Common;
using System.Globalization;
using MemoryAssistant.Application;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Memories;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Support;

/// <summary>
/// A real SQLite database file in a fresh temporary directory, behind the app's real service provider
/// (AddApplication + AddInfrastructure) with a <see cref="FakeClock"/>. Disposing deletes the directory.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>A fixed "now" so tests do not depend on the day they run.</summary>
    public static readonly Instant DefaultNow = Instant.FromUtc(2026, 11, 20, 18, 30, 0);

    private static int s_nextSid;

    private TestDatabase(string dataDirectory, ServiceProvider services, FakeClock clock)
    {
        DataDirectory = dataDirectory;
        Services = services;
        Clock = clock;
    }

    public string DataDirectory { get; }
    public ServiceProvider Services { get; }
    public FakeClock Clock { get; }
    public string DatabasePath => Services.GetRequiredService<StorageOptions>().DatabasePath;
    public string ConnectionString => SqliteConnections.ConnectionString(DatabasePath);

    /// <param name="settings">Configuration on top of the data directory (e.g. "Jobs:Lease", "Media:AllowedHosts:0").</param>
    /// <param name="isDevelopment">As the app in Development: media may then be fetched over plain http (loopback servers).</param>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true, Instant? now = null, IReadOnlyDictionary<string, string?>? settings = null, bool isDevelopment = false)
    {
        var directory = CreateTempDirectory();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = directory })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var clock = new FakeClock(now ?? DefaultNow);
        var services = new ServiceCollection()
            .AddLogging()
            .AddApplication()
            .AddInfrastructure(configuration, isDevelopment);
        services.Replace(ServiceDescriptor.Singleton<IClock>(clock));

        var database = new TestDatabase(directory, services.BuildServiceProvider(validateScopes: true), clock);
        if (migrate)
        {
            await using var scope = database.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        }

        return database;
    }

    public static string CreateTempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ma-infra-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static void DeleteDirectory(string directory)
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    /// <summary>A new Twilio-shaped MessageSid, unique within the test run.</summary>
    public static MessageSid NextSid() =>
        MessageSid.Parse(string.Create(CultureInfo.InvariantCulture, $"SM{Interlocked.Increment(ref s_nextSid):x32}"));

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    /// <summary>A read-side connection (Dapper), opened and configured the way the app opens them.</summary>
    public Task<DbConnection> OpenReadAsync() => Services.GetRequiredService<IReadDbConnectionFactory>().OpenAsync();

    public async Task<long> AddUserAsync(string number, string timeZoneId = "Europe/Lisbon")
    {
        await using var scope = CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var user = User.Register(WhatsAppNumber.Parse(number), "Test User", null, timeZoneId, Clock.GetCurrentInstant());
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>Saves an inbound WhatsApp interaction for the user; returns its id.</summary>
    public async Task<long> AddInteractionAsync(long userId, string body, Instant receivedAt, MessageSid? sid = null)
    {
        await using var scope = CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        var interaction = Interaction.ReceiveWhatsApp(user, sid ?? NextSid(), body, "{}", receivedAt);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync();
        return interaction.Id;
    }

    /// <summary>
    /// The real path: a user's message is saved as an interaction, then <see cref="MemoryWriter"/> stores the
    /// memory and indexes it in the memory layer. Returns the memory.
    /// </summary>
    public async Task<Memory> RememberAsync(long userId, string content, Instant occurredAt, MemoryKind kind = MemoryKind.Text, IEnumerable<string>? tags = null)
    {
        await using var scope = CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        var interaction = Interaction.ReceiveWhatsApp(user, NextSid(), content, "{}", occurredAt);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync();
        return await scope.ServiceProvider.GetRequiredService<MemoryWriter>()
            .RememberAsync(user, interaction, kind, content, occurredAt, tags, CancellationToken.None);
    }

    public async Task<IReadOnlyList<MemoryLayerHit>> SearchAsync(long? userId, IReadOnlyList<string> terms, Application.Common.Time.TimeInterval? interval = null, int limit = 20)
    {
        await using var scope = CreateScope();
        var layer = scope.ServiceProvider.GetRequiredService<IMemoryIndex>();
        return await layer.SearchAsync(new MemoryLayerQuery(userId, string.Join(' ', terms), terms, interval, limit), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        DeleteDirectory(DataDirectory);
    }
}
