using MediatR;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Memories.Layers;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.Application.Places;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Application.Memories.Queries.SearchMemories;

/// <summary>
/// Plain-language recall: "what did I plan for dinner last week?". The time phrase becomes an interval in
/// the user's zone, the remaining content words go to the memory layer, and every hit is enriched from our DB.
/// </summary>
/// <param name="User">E.164 number; without it the search spans every user (an operator's view).</param>
/// <param name="TimeZone">Zone for time phrases when no user is given (default UTC).</param>
public sealed record SearchMemoriesQuery(string Query, string? User = null, int Limit = 10, string? TimeZone = null) : IQuery<SearchMemoriesResult>;

public sealed class SearchMemoriesQueryHandler(IReadDbConnectionFactory connections, MemorySearch search, PlaceResolver places, IClock clock)
    : IRequestHandler<SearchMemoriesQuery, SearchMemoriesResult>
{
    public async Task<SearchMemoriesResult> Handle(SearchMemoriesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var user = await UserLookup.FindOptionalAsync(connection, request.User);
        var zone = user?.TimeZone ?? TimeZones.Find(request.TimeZone) ?? DateTimeZone.Utc;

        var scope = user is null ? MemoryRecall.RecallScope.Everyone : new MemoryRecall.RecallScope(user.Id, user.ExternalId);
        var recall = await MemoryRecall.RunAsync(connection, search, scope, request.Query, zone, clock.GetCurrentInstant(), request.Limit, cancellationToken, places: places);
        return new SearchMemoriesResult(
            request.Query,
            user?.Number.Value,
            new QueryInterpretationDto(
                recall.Terms,
                recall.TimePhrase?.Phrase,
                recall.TimePhrase?.Description,
                recall.TimePhrase is { } p ? LocalTimes.Iso(p.Interval.Start, zone) : null,
                recall.TimePhrase is { } q ? LocalTimes.Iso(q.Interval.End, zone) : null,
                zone.Id,
                recall.Place?.Label),
            recall.Layer,
            recall.DegradedReason is not null,
            recall.DegradedReason,
            recall.Hits.Select(h => new SearchHitDto(Math.Round(h.Score, 4), h.Memory)).ToList());
    }
}

/// <param name="MemoryLayer">The layer that answered: "mem0", or "embedded" (alone, or as Mem0's fallback).</param>
/// <param name="Degraded">True when the configured layer failed and the local index answered instead.</param>
/// <param name="DegradedReason">Why, in a sentence an operator can act on.</param>
public sealed record SearchMemoriesResult(
    string Query, string? User, QueryInterpretationDto Interpretation, string MemoryLayer, bool Degraded, string? DegradedReason, IReadOnlyList<SearchHitDto> Hits);

/// <summary>How the query was read, so a caller can see why these memories came back.</summary>
/// <param name="Terms">Content words searched for (empty: everything in the interval, newest first).</param>
/// <param name="From">Start of the time filter, inclusive, in the zone used.</param>
/// <param name="To">End of the time filter, exclusive.</param>
/// <param name="Place">The area the query named ("near the office", "in Lisbon"); every hit lies in it.</param>
public sealed record QueryInterpretationDto(IReadOnlyList<string> Terms, string? TimePhrase, string? TimeDescription, string? From, string? To, string TimeZone, string? Place = null);

public sealed record SearchHitDto(double Score, MemoryDto Memory);
