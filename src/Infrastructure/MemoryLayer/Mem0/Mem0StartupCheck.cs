using MemoryAssistant.Application.Common.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Mem0;

/// <summary>
/// Pings Mem0 once at start-up (<c>GET /v1/ping/</c>) so a wrong key or base URL shows in the log and in
/// /health at once. It never blocks start-up: memories wait in our DB until Mem0 answers.
/// </summary>
public sealed class Mem0StartupCheck(IServiceScopeFactory scopes, ILogger<Mem0StartupCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<Mem0MemoryLayer>().PingAsync(stoppingToken);
            logger.LogInformation("Mem0 answered the start-up ping; it is the memory layer");
        }
        catch (Exception ex) when (ex is MemoryLayerUnavailableException or MemoryLayerRejectedException)
        {
            logger.LogWarning("Mem0 start-up ping failed: {Reason}. Memories wait in the database and recall uses the local index until it answers", ex.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
