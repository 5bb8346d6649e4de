using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>Brings the database to the latest migration at start-up (never EnsureCreated: migrations only) in WAL mode.</summary>
public sealed class DatabaseMigrator(ApplicationDbContext db, StorageOptions storage, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(storage.DatabasePath)!);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SqliteConnections.UseWriteAheadLogAsync(db.Database.GetDbConnection(), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (pending.Count > 0)
            logger.LogInformation("Applied {Count} migration(s) to {Database}: {Migrations}", pending.Count, storage.DatabasePath, string.Join(", ", pending));
    }
}
