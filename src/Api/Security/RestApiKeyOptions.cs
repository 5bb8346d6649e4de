namespace MemoryAssistant.Api.Security;

/// <summary><c>Api__Keys__0…</c>: keys REST callers send as <c>X-Api-Key</c>.</summary>
public sealed class RestApiKeyOptions
{
    public const string Section = "Api";

    public IList<string> Keys { get; } = [];
}
