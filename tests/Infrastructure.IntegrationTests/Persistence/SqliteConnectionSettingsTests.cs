using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Connection settings and the geo function are applied once per physical connection: a pooled connection
/// opened again (read side and EF alike) must still have them.
/// </summary>
public sealed class SqliteConnectionSettingsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ReadConnections_OpenedAgainFromThePool_KeepTheirSettingsAndTheGeoFunction()
    {
        for (var i = 0; i < 5; i++)
        {
            await using var connection = await _database.OpenReadAsync();
            (await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout")).Should().Be(SqliteConnections.BusyTimeoutMs);
            (await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")).Should().Be(1, "NORMAL");
            (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).Should().Be(1);
            (await connection.ExecuteScalarAsync<long>("PRAGMA mmap_size")).Should().BePositive();
            (await connection.ExecuteScalarAsync<double>("SELECT geo_distance_km(38.7223, -9.1393, 41.1579, -8.6291)")).Should().BeApproximately(274, 2);
        }
    }

    [Fact]
    public async Task EfConnections_OpenedAgainFromThePool_KeepTheirSettingsAndTheGeoFunction()
    {
        for (var i = 0; i < 5; i++)
        {
            await using var scope = _database.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            (await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout")).Should().Be(SqliteConnections.BusyTimeoutMs);
            (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).Should().Be(1);
            (await connection.ExecuteScalarAsync<long>("PRAGMA mmap_size")).Should().BePositive();
            (await connection.ExecuteScalarAsync<double>("SELECT geo_distance_km(38.7223, -9.1393, 41.1579, -8.6291)")).Should().BeApproximately(274, 2);
            await db.Database.CloseConnectionAsync();
        }
    }
}
