using System.Text.Json;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;
using MemoryAssistant.Infrastructure.MemoryLayer.Mem0;
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

/// <summary>
/// Which memory layer serves ("embedded" or "mem0") and, with Mem0, whether it answers (start-up ping and the
/// latest call) and how many memories wait to be sent or were refused.
/// </summary>
public sealed class MemoryLayerHealthCheck(MemoryLayers layers, IReadDbConnectionFactory connections, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["layer"] = layers.ActiveName };
        if (layers.Remote is not { } remote)
            return HealthCheckResult.Healthy($"Memory layer: {layers.ActiveName}.", data);

        await using var connection = await connections.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string State, long Count)>(
                "SELECT sync_state, count(*) FROM memories WHERE layer_name = @layer GROUP BY sync_state", new { layer = remote.Name }))
            .ToDictionary(r => r.State, r => r.Count);
        var pending = counts.GetValueOrDefault("pending");
        var refused = counts.GetValueOrDefault("failed");
        data["synced"] = counts.GetValueOrDefault("synced");
        data["pending"] = pending;
        data["refused"] = refused;

        var status = services.GetService<Mem0Status>();
        if (status is not null)
        {
            data["pingSucceeded"] = status.PingSucceeded?.ToString() ?? "not yet";
            if (status.LastError is { } error)
                data["lastError"] = error;
        }

        if (status is { Failing: true } || status?.PingSucceeded == false)
            return HealthCheckResult.Degraded(
                $"{remote.Name} is unavailable ({status.LastError}); {pending} memory(ies) wait to be sent and recall answers from the local index.", data: data);
        if (refused > 0)
            return HealthCheckResult.Degraded($"{remote.Name} refused {refused} memory(ies) for good; see memories.last_sync_error.", data: data);
        return HealthCheckResult.Healthy($"Memory layer: {remote.Name}; {pending} memory(ies) waiting to be sent.", data);
    }
}

/// <summary>
/// Whether the embedded engine searches by meaning: the model loaded (or why not) and how many memories carry
/// a vector of it. Without a model recall still works, by keywords, so this is Degraded, never Unhealthy.
/// </summary>
public sealed class EmbeddingsHealthCheck(MemoryEmbeddings embeddings, IReadDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["model"] = embeddings.ModelId ?? "none" };
        if (!embeddings.Enabled)
            return HealthCheckResult.Degraded(embeddings.Status, data: data);

        await using var connection = await connections.OpenAsync(cancellationToken);
        var current = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_vectors WHERE model = @model", new { model = embeddings.ModelId });
        var memories = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories");
        data["vectors"] = current;
        data["memories"] = memories;
        return HealthCheckResult.Healthy(
            current >= memories ? embeddings.Status : $"{embeddings.Status} {memories - current} memory(ies) are being embedded.", data);
    }
}

/// <summary>
/// The offline lexicons (moods, the city gazetteer) and the outbound sender: a missing lexicon or refused
/// reminders degrade the service, they never stop it.
/// </summary>
public sealed class LexiconsAndOutboundHealthCheck(IMoodAnalyzer moods, IGazetteer gazetteer, IReadDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (moods is Infrastructure.UnavailableMoodAnalyzer noMoods)
            problems.Add(noMoods.Reason);
        if (gazetteer is Infrastructure.UnavailableGazetteer noPlaces)
            problems.Add(noPlaces.Reason);

        await using var connection = await connections.OpenAsync(cancellationToken);
        var failed = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outbound_messages WHERE status = 'failed'");
        var pending = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outbound_messages WHERE status IN ('pending', 'sending')");
        var data = new Dictionary<string, object>
        {
            ["moods"] = moods.IsAvailable ? moods.Name : "off",
            ["gazetteer"] = gazetteer is Infrastructure.UnavailableGazetteer ? "off" : "cities.json",
            ["outboundFailed"] = failed,
            ["outboundPending"] = pending,
        };
        if (failed > 0)
            problems.Add($"{failed} outbound message(s) were refused (e.g. 63016 outside the 24-hour window with no template); see outbound_messages.error.");
        return problems.Count == 0 ? HealthCheckResult.Healthy("Lexicons loaded; every outbound message was accepted.", data) : HealthCheckResult.Degraded(string.Join(' ', problems), data: data);
    }
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
