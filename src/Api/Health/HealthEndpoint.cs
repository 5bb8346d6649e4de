using System.Text.Json;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MemoryAssistant.Api.Health;

/// <summary>The database answers and holds the memory index.</summary>
public sealed class DatabaseHealthCheck(IReadDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            var memories = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories");
            var indexed = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_index");
            var data = new Dictionary<string, object> { ["memories"] = memories, ["indexed"] = indexed };
            return indexed == memories
                ? HealthCheckResult.Healthy("SQLite answers; every memory is indexed.", data)
                : HealthCheckResult.Degraded($"The search index holds {indexed} entries for {memories} memories.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

/// <summary>The media job queue: work waiting, running, and given up on (those need an operator).</summary>
public sealed class JobQueueHealthCheck(IReadDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string Status, long Count)>("SELECT status, count(*) FROM jobs GROUP BY status"))
            .ToDictionary(r => r.Status, r => (object)r.Count);
        var failed = counts.TryGetValue("failed", out var f) ? (long)f : 0;
        return failed == 0
            ? HealthCheckResult.Healthy("No media job has given up.", counts)
            : HealthCheckResult.Degraded($"{failed} media job(s) gave up after every retry; see jobs.last_error.", data: counts);
    }
}

/// <summary>Which memory layer serves, so an operator sees "embedded" vs "mem0" at a glance.</summary>
public sealed class MemoryLayerHealthCheck(IMemoryLayer memoryLayer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"Memory layer: {memoryLayer.Name}.", new Dictionary<string, object> { ["layer"] = memoryLayer.Name }));
}

public static class HealthEndpoint
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static HealthCheckOptions Options { get; } = new()
    {
        ResponseWriter = async (context, report) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                status = report.Status.ToString(),
                durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
            }, s_json));
        },
    };
}
