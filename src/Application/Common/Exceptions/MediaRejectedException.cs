namespace MemoryAssistant.Application.Common.Exceptions;

/// <summary>Media that will never be accepted (host not allowed, too large, not what it claims): not retried.</summary>
public sealed class MediaRejectedException : Exception
{
    public MediaRejectedException(string message) : base(message) { }

    public MediaRejectedException() { }

    public MediaRejectedException(string message, Exception innerException) : base(message, innerException) { }
}
