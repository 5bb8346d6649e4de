using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MediatR;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Messaging;
using MemoryAssistant.Application.Media;
using MemoryAssistant.Application.Memories.Commands.AddMemory;
using MemoryAssistant.Application.Users;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Jobs;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace MemoryAssistant.Application.Memories.Commands.UploadMemory;

/// <summary>
/// <c>POST /memories</c> as multipart: files (and optional text) go through the same pipeline as WhatsApp
/// media — checked by their bytes, stored once by hash, understood once by the job worker — and the
/// response waits the same reply budget for the memories.
/// </summary>
public sealed record UploadMemoryCommand(string User, string? Text, IReadOnlyList<UploadedFile> Files, string? IdempotencyKey = null)
    : ICommand<AddMemoryResult>, IManagesOwnTransaction;

public sealed record UploadedFile(string FileName, string? DeclaredContentType, byte[] Bytes);

public sealed class UploadMemoryCommandHandler(
    IApplicationDbContext db,
    UserDirectory users,
    IMediaInspector inspector,
    IMediaStore store,
    IJobSignals signals,
    MediaPipelineOptions mediaOptions,
    IClock clock) : IRequestHandler<UploadMemoryCommand, AddMemoryResult>
{
    public async Task<AddMemoryResult> Handle(UploadMemoryCommand request, CancellationToken cancellationToken)
    {
        // Refuse bad files before anything is written.
        var checkedFiles = request.Files.Select((file, index) => (File: file, ContentType: Inspect(file, index))).ToList();
        var number = WhatsAppNumber.Parse(request.User);
        var fingerprint = Fingerprint(number, request);

        long interactionId;
        IInteractionWatch? watch = null;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var user = await users.FindOrRegisterAsync(number, profileName: null, waId: null, cancellationToken);
            if (request.IdempotencyKey is { } key
                && await db.Interactions.FirstOrDefaultAsync(i => i.UserId == user.Id && i.IdempotencyKey == key, cancellationToken) is { } previous)
            {
                if (previous.RequestFingerprint != fingerprint)
                    throw new ConflictException($"Idempotency-Key '{key}' was already used with a different request body.");
                return new AddMemoryResult(await db.MemoriesOfInteractionAsync(previous.Id, cancellationToken), Replayed: true);
            }

            var now = clock.GetCurrentInstant();
            var payload = JsonSerializer.Serialize(new { request.User, request.Text, files = checkedFiles.Select(f => new { f.File.FileName, f.ContentType, size = f.File.Bytes.Length }) });
            var interaction = Interaction.ReceiveApi(user, request.IdempotencyKey, fingerprint, request.Text ?? "", payload, now);
            for (var i = 0; i < checkedFiles.Count; i++)
            {
                var (file, contentType) = checkedFiles[i];
                var blob = await store.SaveAsync(file.Bytes, cancellationToken);
                var asset = await db.MediaAssets.FirstOrDefaultAsync(a => a.Sha256 == blob.Hash, cancellationToken)
                    ?? db.MediaAssets.Add(MediaAsset.Store(blob.Hash, contentType, blob.SizeBytes, blob.RelativePath, now)).Entity;
                interaction.AttachMedia(i, $"upload:{Path.GetFileName(file.FileName)}", contentType).LinkAsset(asset);
            }

            interaction.ClassifyAs(InteractionKind.Other);
            interaction.MarkProcessing();
            db.Interactions.Add(interaction);
            db.Jobs.Add(Job.ProcessMedia(interaction, now));
            await db.SaveChangesAsync(cancellationToken);
            interactionId = interaction.Id;
            watch = signals.Watch(interactionId);
            await transaction.CommitAsync(cancellationToken);
        }

        using (watch)
        {
            signals.WorkQueued();
            await watch.WaitAsync(mediaOptions.ReplyBudget, cancellationToken);
        }

        return new AddMemoryResult(await db.MemoriesOfInteractionAsync(interactionId, cancellationToken), Replayed: false);
    }

    private string Inspect(UploadedFile file, int index)
    {
        var type = inspector.Sniff(file.Bytes)
            ?? throw new RequestValidationException($"files[{index}]", $"'{file.FileName}' is not a photo, voice note or document the assistant can keep.");
        if (file.Bytes.Length > inspector.MaxBytesFor(type))
            throw new RequestValidationException($"files[{index}]", $"'{file.FileName}' is larger than {inspector.MaxBytesFor(type) / (1024 * 1024)} MB.");
        if (inspector.Refusal(file.Bytes, type) is { } refusal)
            throw new RequestValidationException($"files[{index}]", $"'{file.FileName}': {refusal}");
        return type;
    }

    private static string Fingerprint(WhatsAppNumber number, UploadMemoryCommand request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
            new { user = number.Value, request.Text, files = request.Files.Select(f => ContentHash.Of(f.Bytes).Value) }))));
}
