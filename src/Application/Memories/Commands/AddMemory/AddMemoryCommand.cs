using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MediatR;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Memories.Queries;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.Application.Memories.Commands.AddMemory;

/// <summary>
/// Adds a memory through the REST API. The user is registered on first use (like a first WhatsApp
/// message). With an Idempotency-Key, a retry returns the first result and creates nothing.
/// </summary>
/// <param name="OccurredAt">ISO-8601 with an offset ("2026-11-17T19:05:00+01:00"); default now.</param>
public sealed record AddMemoryCommand(string User, string Text, string? OccurredAt = null, IReadOnlyList<string>? Tags = null, string? IdempotencyKey = null)
    : ICommand<AddMemoryResult>;

/// <param name="Replayed">True when this answers a retry of an earlier request with the same key.</param>
public sealed record AddMemoryResult(IReadOnlyList<MemoryDto> Memories, bool Replayed);

public sealed class AddMemoryCommandHandler(IApplicationDbContext db, UserDirectory users, MemoryWriter writer, IClock clock)
    : IRequestHandler<AddMemoryCommand, AddMemoryResult>
{
    public async Task<AddMemoryResult> Handle(AddMemoryCommand request, CancellationToken cancellationToken)
    {
        var number = WhatsAppNumber.Parse(request.User);
        var fingerprint = Fingerprint(number, request);
        var user = await users.FindOrRegisterAsync(number, profileName: null, waId: null, cancellationToken);

        if (request.IdempotencyKey is { } key && await FindPreviousAsync(user.Id, key, cancellationToken) is { } previous)
        {
            if (previous.RequestFingerprint != fingerprint)
                throw new ConflictException($"Idempotency-Key '{key}' was already used with a different request body.");
            return new AddMemoryResult(await db.MemoriesOfInteractionAsync(previous.Id, cancellationToken), Replayed: true);
        }

        var now = clock.GetCurrentInstant();
        var interaction = Interaction.ReceiveApi(user, request.IdempotencyKey, fingerprint, request.Text, JsonSerializer.Serialize(request), now);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);

        var occurredAt = request.OccurredAt is null ? now : OffsetDateTimePattern.ExtendedIso.Parse(request.OccurredAt).Value.ToInstant();
        var memory = await writer.RememberAsync(user, interaction, MemoryKind.Text, request.Text, occurredAt, request.Tags, cancellationToken);
        interaction.MarkAnswered($"Saved memory {memory.Id}.", clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        return new AddMemoryResult([memory.ToDto()], Replayed: false);
    }

    private Task<Interaction?> FindPreviousAsync(long userId, string key, CancellationToken cancellationToken) =>
        db.Interactions.FirstOrDefaultAsync(i => i.UserId == userId && i.IdempotencyKey == key, cancellationToken);

    // What makes two requests "the same" for an Idempotency-Key: everything except the key itself.
    private static string Fingerprint(WhatsAppNumber number, AddMemoryCommand request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
            new { user = number.Value, request.Text, request.OccurredAt, tags = request.Tags?.Select(MemoryTag.Normalise).Order(StringComparer.Ordinal) }))));
}
