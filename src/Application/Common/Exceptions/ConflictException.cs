namespace MemoryAssistant.Application.Common.Exceptions;

/// <summary>The request clashes with what exists (an Idempotency-Key reused for another body); mapped to 409/422.</summary>
public sealed class ConflictException : Exception
{
    public ConflictException(string message) : base(message) { }

    public ConflictException() { }

    public ConflictException(string message, Exception innerException) : base(message, innerException) { }
}
