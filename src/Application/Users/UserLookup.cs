using System.Data.Common;
using Dapper;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Application.Users;

/// <summary>Read-side resolution of the <c>user</c> parameter of REST queries.</summary>
public static class UserLookup
{
    public sealed record KnownUser(long Id, WhatsAppNumber Number, DateTimeZone TimeZone, string ExternalId);

    /// <summary>The user with that number; 404 when there is none.</summary>
    public static async Task<KnownUser> GetAsync(DbConnection connection, string number)
    {
        var parsed = WhatsAppNumber.Parse(number);
        return await FindByNumberAsync(connection, parsed)
            ?? throw new NotFoundException($"No user with WhatsApp number {parsed.Value} has talked to the assistant yet.");
    }

    /// <summary>The user with that number, or null when they have not talked to the assistant yet.</summary>
    public static async Task<KnownUser?> FindByNumberAsync(DbConnection connection, WhatsAppNumber number)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string TimeZoneId, string ExternalId)?>(
            "SELECT id, time_zone_id, external_id FROM users WHERE whatsapp_number = @number", new { number = number.Value });
        return row is { } r ? new KnownUser(r.Id, number, DateTimeZoneProviders.Tzdb[r.TimeZoneId], r.ExternalId) : null;
    }

    /// <summary>Resolves an optional user filter: null when the caller asked about everyone.</summary>
    public static async Task<KnownUser?> FindOptionalAsync(DbConnection connection, string? number) =>
        string.IsNullOrWhiteSpace(number) ? null : await GetAsync(connection, number);
}
