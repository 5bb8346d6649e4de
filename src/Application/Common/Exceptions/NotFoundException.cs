namespace MemoryAssistant.Application.Common.Exceptions;

/// <summary>The thing named by the request does not exist; mapped to 404 ProblemDetails.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string message) : base(message) { }

    public NotFoundException() { }

    public NotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
