using System.Data;
using Dapper;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>Dapper reads and writes Instants exactly as EF stores them: Unix epoch milliseconds.</summary>
public static class DapperTypeHandlers
{
    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1)
            return;
        // Registered for Instant, Dapper uses it for Instant? too, and then hands it NULLs.
        SqlMapper.AddTypeHandler(typeof(Instant), new InstantHandler());
    }

    private sealed class InstantHandler : SqlMapper.ITypeHandler
    {
        public void SetValue(IDbDataParameter parameter, object value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value is Instant instant ? instant.ToUnixTimeMilliseconds() : DBNull.Value;
        }

        public object? Parse(Type destinationType, object value) =>
            value is null or DBNull
                ? null
                : Instant.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
