namespace MemoryAssistant.Domain.Common;

/// <summary>A value or state the domain refuses: the caller sent something invalid.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string message) : base(message) { }

    public DomainException() { }

    public DomainException(string message, Exception innerException) : base(message, innerException) { }
}
