using NodaTime;

namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Signed, expiring links to stored media, so Twilio (or a browser) can fetch one blob and nothing else.</summary>
public interface IMediaUrlSigner
{
    Uri Sign(long mediaAssetId, Duration validFor);

    bool IsValid(long mediaAssetId, long expiresUnixSeconds, string signature);
}
