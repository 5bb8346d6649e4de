using System.Data.Common;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>The read side: open connections for Dapper queries straight into DTOs.</summary>
public interface IReadDbConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
