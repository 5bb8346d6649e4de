using Dapper;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Users;
using NodaTime;

namespace MemoryAssistant.Application.Interactions.Queries.GetRecentInteractions;

/// <summary>The newest interactions, with what was replied and which memories each produced.</summary>
public sealed record GetRecentInteractionsQuery(int Limit = 20, string? User = null) : IQuery<IReadOnlyList<InteractionDto>>;

public sealed record InteractionDto(
    long Id,
    string User,
    string Direction,
    string Channel,
    string Kind,
    string? MessageSid,
    string Body,
    string ReceivedAt,
    string TimeZone,
    string Status,
    string? Reply,
    string? Error,
    int DuplicateDeliveries,
    IReadOnlyList<long> MemoryIds,
    int Attachments);

public sealed class GetRecentInteractionsQueryHandler(IReadDbConnectionFactory connections) : IRequestHandler<GetRecentInteractionsQuery, IReadOnlyList<InteractionDto>>
{
    public async Task<IReadOnlyList<InteractionDto>> Handle(GetRecentInteractionsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var user = await UserLookup.FindOptionalAsync(connection, request.User);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT i.id AS Id, u.whatsapp_number AS UserNumber, u.time_zone_id AS TimeZoneId, i.direction AS Direction, i.channel AS Channel,
                   i.kind AS Kind, i.message_sid AS MessageSid, i.body AS Body, i.received_at AS ReceivedAt, i.status AS Status,
                   i.reply AS Reply, i.error AS Error, i.duplicate_deliveries AS DuplicateDeliveries,
                   (SELECT group_concat(m.id, ' ') FROM memories m WHERE m.interaction_id = i.id) AS MemoryIds,
                   (SELECT count(*) FROM interaction_media im WHERE im.interaction_id = i.id) AS Attachments
            FROM interactions i JOIN users u ON u.id = i.user_id
            WHERE (@userId IS NULL OR i.user_id = @userId)
            ORDER BY i.received_at DESC, i.id DESC
            LIMIT @limit
            """,
            new { userId = user?.Id, limit = request.Limit });

        return rows.Select(r =>
        {
            var zone = DateTimeZoneProviders.Tzdb[r.TimeZoneId];
            return new InteractionDto(
                r.Id, r.UserNumber, r.Direction, r.Channel, r.Kind, r.MessageSid, r.Body, LocalTimes.Iso(r.ReceivedAt, zone), zone.Id,
                r.Status, r.Reply, r.Error, r.DuplicateDeliveries,
                string.IsNullOrEmpty(r.MemoryIds) ? [] : r.MemoryIds.Split(' ').Select(long.Parse).Order().ToList(),
                r.Attachments);
        }).ToList();
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string UserNumber { get; init; } = "";
        public string TimeZoneId { get; init; } = "";
        public string Direction { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? MessageSid { get; init; }
        public string Body { get; init; } = "";
        public Instant ReceivedAt { get; init; }
        public string Status { get; init; } = "";
        public string? Reply { get; init; }
        public string? Error { get; init; }
        public int DuplicateDeliveries { get; init; }
        public string? MemoryIds { get; init; }
        public int Attachments { get; init; }
    }
}
