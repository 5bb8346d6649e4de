using Dapper;
using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Common.Paging;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Memories;

namespace MemoryAssistant.Application.Memories.Queries.ListMemories;

/// <summary>Every memory from our DB, newest first, a page at a time (keyset cursor).</summary>
/// <param name="Tag">Only memories with this tag (the user's #hashtags or a suggested topic such as "food"); "#food" works too.</param>
public sealed record ListMemoriesQuery(string? User = null, int Limit = 20, string? Cursor = null, string? Kind = null, string? Tag = null) : IQuery<MemoryPage>;

public sealed record MemoryPage(IReadOnlyList<MemoryDto> Items, string? NextCursor);

public sealed class ListMemoriesQueryHandler(IReadDbConnectionFactory connections) : IRequestHandler<ListMemoriesQuery, MemoryPage>
{
    public async Task<MemoryPage> Handle(ListMemoriesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var user = await UserLookup.FindOptionalAsync(connection, request.User);
        Cursor? after = Cursor.TryDecode(request.Cursor, out var c) ? c : null;

        // One extra row tells whether another page exists without a COUNT.
        var rows = (await connection.QueryAsync<MemoryRow>(
            MemoryRow.Select + """

            WHERE (@userId IS NULL OR m.user_id = @userId)
              AND (@kind IS NULL OR m.kind = @kind)
              AND (@tag IS NULL OR EXISTS (SELECT 1 FROM memory_tags t WHERE t.memory_id = m.id AND t.tag = @tag))
              AND (@afterAt IS NULL OR m.occurred_at < @afterAt OR (m.occurred_at = @afterAt AND m.id < @afterId))
            ORDER BY m.occurred_at DESC, m.id DESC
            LIMIT @take
            """,
            new { userId = user?.Id, kind = request.Kind?.ToLowerInvariant(), tag = request.Tag is null ? null : MemoryTag.Normalise(request.Tag), afterAt = after?.OccurredAtUnixMs, afterId = after?.Id, take = request.Limit + 1 })).ToList();

        var page = rows.Take(request.Limit).ToList();
        var next = rows.Count > request.Limit ? new Cursor(page[^1].OccurredAt.ToUnixTimeMilliseconds(), page[^1].Id).Encode() : null;
        return new MemoryPage(page.Select(r => r.ToDto()).ToList(), next);
    }
}
