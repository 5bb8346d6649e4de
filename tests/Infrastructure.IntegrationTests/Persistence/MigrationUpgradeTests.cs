using Dapper;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Persistence;

/// <summary>Databases created by an earlier release upgrade in place, with their rows intact.</summary>
public sealed class MigrationUpgradeTests
{
    private const string BeforeRemoteLayer = "20261124024733_MediaUnderstandingAndJobs";

    [Fact]
    public async Task RemoteMemoryLayerSync_WhenUsersExist_ThenEachGetsItsOwnOpaqueExternalId()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using (var scope = database.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            await context.GetService<IMigrator>().MigrateAsync(BeforeRemoteLayer);
        }

        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO users (whatsapp_number, time_zone_id, created_at, last_seen_at) VALUES
                  ('+351912345678', 'Europe/Lisbon', 0, 0), ('+14155550100', 'America/Los_Angeles', 0, 0);
                INSERT INTO interactions (user_id, direction, channel, kind, body, received_at, status, duplicate_deliveries)
                  VALUES (1, 'inbound', 'whatsapp', 'text', 'buy milk', 0, 'processed', 0);
                INSERT INTO memories (user_id, interaction_id, kind, content, occurred_at, created_at, layer_name, layer_memory_id, sync_state)
                  VALUES (1, 1, 'text', 'buy milk', 0, 0, 'embedded', '1', 'synced');
                """);
        }

        await using (var scope = database.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.MigrateAsync();

        await using var check = new SqliteConnection(database.ConnectionString);
        var ids = (await check.QueryAsync<string>("SELECT external_id FROM users")).ToList();
        ids.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        ids.Should().OnlyContain(id => id.Length == 26 && id.StartsWith("u_", StringComparison.Ordinal));
        var memory = await check.QuerySingleAsync<(string SyncState, long SyncAttempts)>("SELECT sync_state, sync_attempts FROM memories");
        memory.Should().Be(("synced", 0L), "memories the embedded engine held stay synced");
    }
}
