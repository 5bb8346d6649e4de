using System.Data.Common;
using MemoryAssistant.Application.Places;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>
/// SQL functions SQLite lacks, so geo queries ("saved near the office") can filter and sort by distance in the
/// database, after a <see cref="GeoMath.BoundingBox"/> prefilter, through EF Core and Dapper alike.
/// </summary>
/// <remarks>
/// The functions live in the app's connections only, not in the database file: never use them in a view,
/// trigger, CHECK constraint or index, or the sqlite3 shell and other tools could no longer read the schema.
/// </remarks>
public static class SqliteGeoFunctions
{
    /// <summary>The name of the distance function: <c>geo_distance_km(lat1, lon1, lat2, lon2)</c>.</summary>
    public const string DistanceFunction = "geo_distance_km";

    /// <summary>
    /// Defines <c>geo_distance_km(lat1, lon1, lat2, lon2)</c>: the haversine distance in km of
    /// <see cref="GeoMath.DistanceKm"/>. NULL when any argument is NULL or a point is not a valid latitude/longitude,
    /// like SQLite's own functions, so one bad row cannot fail a whole query. Marked deterministic so SQLite may
    /// evaluate it once for constant arguments. Registering again (pooled connections) just replaces it.
    /// </summary>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<double?, double?, double?, double?, double?>(DistanceFunction, Distance, isDeterministic: true);
    }

    private static double? Distance(double? latitude1, double? longitude1, double? latitude2, double? longitude2) =>
        latitude1 is { } lat1 && longitude1 is { } lon1 && latitude2 is { } lat2 && longitude2 is { } lon2
        && GeoMath.IsValid(lat1, lon1) && GeoMath.IsValid(lat2, lon2)
            ? GeoMath.DistanceKm(lat1, lon1, lat2, lon2)
            : null;
}

/// <summary>Registers <see cref="SqliteGeoFunctions"/> on EF Core's connections as they open.</summary>
public sealed class SqliteGeoFunctionsInterceptor : DbConnectionInterceptor
{
    /// <summary>Stateless, so one instance serves every context.</summary>
    public static SqliteGeoFunctionsInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
            SqliteGeoFunctions.Register(sqlite);
    }
}
