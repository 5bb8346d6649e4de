using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Sends a WhatsApp message outside a webhook reply: Twilio's REST API, or the local outbox.</summary>
public interface IOutboundMessenger
{
    /// <summary>"twilio" or "outbox".</summary>
    string Channel { get; }

    /// <summary>
    /// True when <see cref="SendTemplateAsync"/> can be used. A free-form message only reaches a user who wrote within
    /// the last 24 hours (WhatsApp's customer-service window); reminders and digests that may fall outside it need an
    /// approved template. The local outbox has no such window, so it does not support templates and never needs them.
    /// </summary>
    bool SupportsTemplates { get; }

    Task<OutboundResult> SendAsync(WhatsAppNumber recipient, string body, IReadOnlyList<Uri> mediaUrls, CancellationToken cancellationToken);

    /// <summary>
    /// Sends an approved WhatsApp template (a Twilio Content template, <c>HX</c> + 32 hex digits) with its placeholder
    /// values, e.g. <c>{"1": "call mom"}</c> for <c>{{1}}</c>. A refusal comes back as a non-accepted result with the
    /// provider's error code, as for <see cref="SendAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The content sid or a variable breaks the provider's rules; nothing was sent.</exception>
    /// <exception cref="NotSupportedException">The sender has no templates (<see cref="SupportsTemplates"/> is false).</exception>
    Task<OutboundResult> SendTemplateAsync(WhatsAppNumber recipient, string contentSid, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken);
}

/// <param name="ProviderMessageId">Twilio's SM… sid, or the outbox's id.</param>
/// <param name="Status">Provider status, e.g. queued, accepted, stored.</param>
/// <param name="ErrorCode">Twilio error code when refused (e.g. 63016 outside the 24-hour window).</param>
public sealed record OutboundResult(bool Accepted, string? ProviderMessageId, string Status, int? ErrorCode = null, string? ErrorMessage = null);
