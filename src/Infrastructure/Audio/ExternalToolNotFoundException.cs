namespace MemoryAssistant.Infrastructure.Audio;

/// <summary>
/// A command-line tool the media pipeline relies on (ffmpeg, pocketsphinx…) is not installed or cannot be
/// started. The message tells the operator how to fix it rather than leaving a bare "No such file".
/// </summary>
public sealed class ExternalToolNotFoundException : Exception
{
    public const string InstallHint = "run scripts/install-system-deps.sh";

    public ExternalToolNotFoundException() { }

    public ExternalToolNotFoundException(string message) : base(message) { }

    public ExternalToolNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>"ffmpeg not found: run scripts/install-system-deps.sh (tried '/usr/bin/ffmpeg')".</summary>
    public static ExternalToolNotFoundException For(string tool, string tried, Exception? innerException = null)
    {
        var message = $"{tool} not found: {InstallHint} (tried '{tried}')";
        return innerException is null ? new(message) : new(message, innerException);
    }
}
