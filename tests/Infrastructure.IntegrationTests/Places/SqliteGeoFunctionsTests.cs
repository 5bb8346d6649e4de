using Dapper;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Places;

/// <summary>geo_distance_km on the app's real connections: EF Core's (writes) and the Dapper read factory's.</summary>
public sealed class SqliteGeoFunctionsTests : IAsyncLifetime
{
    private const string LisbonToPorto = "SELECT geo_distance_km(38.7227, -9.1449, 41.1500, -8.6200)";

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task GeoDistanceKm_WhenQueriedThroughEfContext_ThenHaversineKm()
    {
        await using var scope = _database.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        var km = await db.Database.SqlQueryRaw<double>(LisbonToPorto + " AS \"Value\"").SingleAsync();

        km.Should().BeApproximately(274, 3);
    }

    [Fact]
    public async Task GeoDistanceKm_WhenQueriedThroughEfContextAfterReopening_ThenStillDefined()
    {
        await using var scope = _database.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.Database.OpenConnectionAsync();
        await db.Database.CloseConnectionAsync();

        // A pooled connection, reopened by EF for the query.
        var km = db.Database.SqlQueryRaw<double>("SELECT geo_distance_km(0, 0, 0, 1) AS \"Value\"").Single();

        km.Should().BeApproximately(111.19, 0.01);
    }

    [Fact]
    public async Task GeoDistanceKm_WhenQueriedThroughReadFactory_ThenHaversineKm()
    {
        await using var connection = await _database.OpenReadAsync();

        var km = await connection.ExecuteScalarAsync<double>(LisbonToPorto);

        km.Should().BeApproximately(274, 3);
    }

    [Fact]
    public async Task GeoDistanceKm_WhenParametersBound_ThenSameAsGeoMath()
    {
        await using var connection = await _database.OpenReadAsync();

        var km = await connection.ExecuteScalarAsync<double>(
            "SELECT geo_distance_km(@lat1, @lon1, @lat2, @lon2)", new { lat1 = 38.7223, lon1 = -9.1393, lat2 = -38.7223, lon2 = 170.8607 });

        km.Should().BeApproximately(20015.1, 0.5);
    }

    [Theory]
    [InlineData("SELECT geo_distance_km(NULL, 0, 0, 0)")]
    [InlineData("SELECT geo_distance_km(0, NULL, 0, 0)")]
    [InlineData("SELECT geo_distance_km(0, 0, NULL, 0)")]
    [InlineData("SELECT geo_distance_km(0, 0, 0, NULL)")]
    [InlineData("SELECT geo_distance_km(91, 0, 0, 0)")]
    [InlineData("SELECT geo_distance_km(0, 0, 0, 181)")]
    public async Task GeoDistanceKm_WhenArgumentNullOrInvalid_ThenNull(string sql)
    {
        await using var connection = await _database.OpenReadAsync();

        var km = await connection.ExecuteScalarAsync<double?>(sql);

        km.Should().BeNull();
    }

    [Fact]
    public async Task GeoDistanceKm_WhenUsedToFilterAndSortRows_ThenClosestFirst()
    {
        await using var connection = await _database.OpenReadAsync();

        var names = (await connection.QueryAsync<string>(
            """
            WITH places(name, lat, lon) AS (VALUES
                ('Madrid', 40.4168, -3.7038),
                ('Porto', 41.1496, -8.6110),
                ('Sintra', 38.8029, -9.3817),
                ('Nowhere', NULL, NULL),
                ('Setubal', 38.5244, -8.8882))
            SELECT name FROM places
            WHERE geo_distance_km(lat, lon, @lat, @lon) <= @km
            ORDER BY geo_distance_km(lat, lon, @lat, @lon)
            """,
            new { lat = 38.7223, lon = -9.1393, km = 300.0 })).ToList();

        names.Should().Equal("Sintra", "Setubal", "Porto");
    }

    [Fact]
    public void Register_WhenPlainConnection_ThenFunctionDefinedAndDeterministic()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteGeoFunctions.Register(connection);
        using var command = connection.CreateCommand();
        // SQLite only accepts deterministic functions in index expressions.
        command.CommandText = """
            CREATE TABLE p (lat REAL, lon REAL);
            CREATE INDEX p_distance ON p (geo_distance_km(lat, lon, 0, 0));
            INSERT INTO p VALUES (0, 1);
            SELECT geo_distance_km(lat, lon, 0, 0) FROM p;
            """;

        var km = Convert.ToDouble(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        km.Should().BeApproximately(111.19, 0.01);
    }
}
