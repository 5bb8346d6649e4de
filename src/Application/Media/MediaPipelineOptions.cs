namespace MemoryAssistant.Application.Media;

/// <summary><c>Media__ReplyBudget</c>: how long the webhook waits for media work before acknowledging.</summary>
public sealed class MediaPipelineOptions
{
    /// <summary>Twilio waits 15 s for the whole response; a few seconds leaves room for everything else.</summary>
    public TimeSpan ReplyBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long links to stored media (sent back in replies) stay valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(4);
}
