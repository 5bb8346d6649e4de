using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Media;

/// <summary>
/// Reads what a stored blob holds, once per asset: photos (size, perceptual hash, EXIF time and place,
/// OCR, a description when a vision model is configured; near-duplicates of earlier photos), voice notes
/// (transcoded, transcribed into a transcript row), anything else (stored as is).
/// </summary>
public sealed class MediaUnderstanding(
    IApplicationDbContext db,
    IMediaStore store,
    IImageAnalyzer imageAnalyzer,
    IImageDescriber imageDescriber,
    IAudioTranscoder transcoder,
    ITranscriber transcriber,
    IClock clock,
    ILogger<MediaUnderstanding> logger)
{
    /// <summary>
    /// Hamming distance at or under which two photos' perceptual hashes count as the same picture; the
    /// measurements behind 10 are on Infrastructure's PerceptualHash.NearDuplicateMaxDistance.
    /// </summary>
    public const int NearDuplicateMaxDistance = 10;

    /// <param name="caption">The sender's words with the media, which help a vision model describe it.</param>
    public async Task UnderstandAsync(MediaAsset asset, byte[] bytes, string? caption, DateTimeZone senderZone, CancellationToken cancellationToken)
    {
        var path = store.FullPath(asset.StoragePath);
        if (asset.IsImage)
            await UnderstandImageAsync(asset, bytes, path, caption, senderZone, cancellationToken);
        else if (asset.IsAudio)
            await UnderstandAudioAsync(asset, path, cancellationToken);
        else
            asset.RecordStoredOnly(clock.GetCurrentInstant());
    }

    private async Task UnderstandImageAsync(MediaAsset asset, byte[] bytes, string path, string? caption, DateTimeZone senderZone, CancellationToken cancellationToken)
    {
        var facts = await imageAnalyzer.AnalyzeAsync(path, cancellationToken);
        var description = await imageDescriber.DescribeAsync(bytes, asset.ContentType, string.IsNullOrWhiteSpace(caption) ? null : caption, cancellationToken);

        // EXIF times are the camera's local time; without an offset, the sender's zone is the best guess.
        Instant? capturedAt = facts.CapturedAtLocal is { } local
            ? facts.CapturedAtOffset is { } offset ? local.WithOffset(offset).ToInstant() : local.InZoneLeniently(senderZone).ToInstant()
            : null;
        asset.RecordImage(facts.Width, facts.Height, facts.PerceptualHash, capturedAt, facts.Latitude, facts.Longitude, facts.OcrText, description, clock.GetCurrentInstant());

        var nearest = await NearestEarlierPhotoAsync(asset, facts.PerceptualHash, cancellationToken);
        if (nearest is { } match)
        {
            asset.MarkNearDuplicateOf(match);
            logger.LogInformation("Photo {Hash} is a near-duplicate of asset {Earlier}", asset.Sha256.Value[..12], match.Id);
        }
    }

    private async Task<MediaAsset?> NearestEarlierPhotoAsync(MediaAsset asset, ulong hash, CancellationToken cancellationToken)
    {
        // Hamming distance has no index in SQLite; photos per deployment are few enough to compare in memory.
        var candidates = await db.MediaAssets
            .Where(a => a.Id != asset.Id && a.PerceptualHash != null)
            .Select(a => new { a.Id, a.PerceptualHash })
            .ToListAsync(cancellationToken);
        var best = candidates
            .Select(c => (c.Id, Distance: System.Numerics.BitOperations.PopCount(hash ^ unchecked((ulong)c.PerceptualHash!.Value))))
            .Where(c => c.Distance <= NearDuplicateMaxDistance)
            .OrderBy(c => c.Distance).ThenBy(c => c.Id)
            .FirstOrDefault();
        return best.Id == 0 ? null : await db.MediaAssets.FindAsync([best.Id], cancellationToken);
    }

    private async Task UnderstandAudioAsync(MediaAsset asset, string path, CancellationToken cancellationToken)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"memoryassistant-{Guid.NewGuid():N}.wav");
        try
        {
            var duration = await transcoder.ToWav16kMonoAsync(path, wav, cancellationToken);
            var result = await transcriber.TranscribeAsync(wav, cancellationToken);
            var now = clock.GetCurrentInstant();
            asset.RecordAudio(duration, now);
            db.Transcripts.Add(Transcript.Of(asset, result.Text, result.Engine, result.Language, result.Confidence, result.LowConfidence, duration, now));
        }
        finally
        {
            File.Delete(wav);
        }
    }
}
