namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// Suggests topic tags for a memory's text (#food, #health, #work…), offline, so replies, filters and
/// analytics' top tags work for notes the user never tagged. The user's own #hashtags are kept as written.
/// </summary>
public interface IMemoryTagger
{
    /// <summary>At most a few tags, strongest first; none when nothing is clear.</summary>
    IReadOnlyList<string> Suggest(string content);
}
