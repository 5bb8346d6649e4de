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
        SqlMapper.AddTypeHandler(new InstantHandler());
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<Instant>
    {
        public override void SetValue(IDbDataParameter parameter, Instant value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.ToUnixTimeMilliseconds();
        }

        public override Instant Parse(object value) => Instant.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
