using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Sends a WhatsApp message outside a webhook reply: Twilio's REST API, or the local outbox.</summary>
public interface IOutboundMessenger
{
    /// <summary>"twilio" or "outbox".</summary>
    string Channel { get; }

    Task<OutboundResult> SendAsync(WhatsAppNumber recipient, string body, IReadOnlyList<Uri> mediaUrls, CancellationToken cancellationToken);
}

/// <param name="ProviderMessageId">Twilio's SM… sid, or the outbox's id.</param>
/// <param name="Status">Provider status, e.g. queued, accepted, stored.</param>
/// <param name="ErrorCode">Twilio error code when refused (e.g. 63016 outside the 24-hour window).</param>
public sealed record OutboundResult(bool Accepted, string? ProviderMessageId, string Status, int? ErrorCode = null, string? ErrorMessage = null);
