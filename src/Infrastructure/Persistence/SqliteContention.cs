using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>SQLITE_BUSY or SQLITE_LOCKED anywhere in the chain (EF wraps it in DbUpdateException on save).</summary>
public sealed class SqliteContention : IDatabaseContention
{
    // Extended codes keep the primary code in the low byte.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public bool IsBusy(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) is SqliteBusy or SqliteLocked)
                return true;
        }

        return false;
    }
}
