namespace MemoryAssistant.Application.Common.Exceptions;

/// <summary>The request itself is wrong; mapped to 400 ProblemDetails with the errors per field.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))))
        => Errors = errors;

    public RequestValidationException(string field, string error) : this(new Dictionary<string, string[]> { [field] = [error] }) { }

    public RequestValidationException() : this(new Dictionary<string, string[]>()) { }

    public RequestValidationException(string message, Exception innerException) : base(message, innerException) => Errors = new Dictionary<string, string[]>();

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
