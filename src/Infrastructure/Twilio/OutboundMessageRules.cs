using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Infrastructure.Twilio;

/// <summary>
/// Argument checks every outbound adapter applies, so the local outbox refuses exactly what Twilio would.
/// </summary>
internal static class OutboundMessageRules
{
    /// <summary>Twilio's limit for one message body; longer texts must be split by the caller.</summary>
    public const int MaxBodyLength = 1600;

    public static void Validate(WhatsAppNumber recipient, string body, IReadOnlyList<Uri> mediaUrls)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(mediaUrls);

        if (body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"Message body is {body.Length} characters; Twilio accepts at most {MaxBodyLength}. Split it before sending.", nameof(body));
        }

        if (body.Length == 0 && mediaUrls.Count == 0)
        {
            throw new ArgumentException("A message needs a body or at least one media URL.", nameof(body));
        }

        // Twilio fetches media itself, so only absolute http(s) URLs can ever work.
        foreach (var url in mediaUrls)
        {
            if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"Media URL '{url}' must be an absolute http(s) URL Twilio can fetch.", nameof(mediaUrls));
            }
        }
    }
}
