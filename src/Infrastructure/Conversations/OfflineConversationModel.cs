using MemoryAssistant.Application.Common.Interfaces;

namespace MemoryAssistant.Infrastructure.Conversations;

/// <summary>No chat model configured (<c>OpenAI:ApiKey</c> unset): the rules and templates decide everything.</summary>
public sealed class OfflineConversationModel : IConversationModel
{
    public bool IsAvailable => false;

    public Task<ModelIntent?> InterpretAsync(string message, ConversationContextSummary context, CancellationToken cancellationToken) =>
        Task.FromResult<ModelIntent?>(null);

    public Task<string?> AnswerAsync(string question, IReadOnlyList<GroundingMemory> memories, string timeZoneId, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);
}
