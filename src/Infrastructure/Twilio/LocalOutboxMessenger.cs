using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Infrastructure.Twilio;

/// <summary>
/// Sender used when no Twilio credentials are configured: nothing leaves the machine. The caller records
/// the message as an outbound interaction, which is how it can be read back over the API.
/// </summary>
public sealed class LocalOutboxMessenger : IOutboundMessenger
{
    public const string ChannelName = "outbox";
    public const string StoredStatus = "stored";

    public string Channel => ChannelName;

    /// <summary>False: the outbox has no 24-hour window, so a free-form <see cref="SendAsync"/> always works.</summary>
    public bool SupportsTemplates => false;

    public Task<OutboundResult> SendAsync(WhatsAppNumber recipient, string body, IReadOnlyList<Uri> mediaUrls, CancellationToken cancellationToken)
    {
        // Same checks as Twilio, so a message that works locally does not fail once credentials are added.
        OutboundMessageRules.Validate(recipient, body, mediaUrls);
        cancellationToken.ThrowIfCancellationRequested();

        // "OB" + 32 hex mirrors the shape of Twilio's "SM" sids while staying distinguishable from them.
        var id = "OB" + Guid.NewGuid().ToString("N");
        return Task.FromResult(new OutboundResult(true, id, StoredStatus));
    }

    /// <summary>
    /// Always throws: templates live in Twilio's Content API and the outbox cannot render one. Callers check
    /// <see cref="SupportsTemplates"/> and send the text with <see cref="SendAsync"/> instead.
    /// </summary>
    public Task<OutboundResult> SendTemplateAsync(
        WhatsAppNumber recipient, string contentSid, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            "The local outbox does not send WhatsApp templates: it has no 24-hour window, so send the text with SendAsync.");
}
