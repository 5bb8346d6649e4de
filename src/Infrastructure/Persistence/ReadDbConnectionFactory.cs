using System.Data.Common;
using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Infrastructure.Persistence;

public sealed class ReadDbConnectionFactory(string connectionString) : IReadDbConnectionFactory
{
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        SqliteConnections.Configure(connection);
        SqliteGeoFunctions.Register(connection);
        return connection;
    }
}
