using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.Conversations;

public static class ConversationModelRegistration
{
    /// <summary>
    /// A chat model that reads messages and grounds answers when <c>OpenAI:ApiKey</c> is set (model
    /// <c>OpenAI:ChatModel</c>, server <c>OpenAI:BaseUrl</c>, budget <c>OpenAI:ChatTimeout</c>), otherwise the offline
    /// model and the rules alone. Either is a singleton; the chat client is created once.
    /// </summary>
    public static IServiceCollection AddConversationModel(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var options = ChatConversationModelOptions.FromConfiguration(configuration);
        if (options is null)
            services.AddSingleton<IConversationModel, OfflineConversationModel>();
        else
            services.AddSingleton<IConversationModel>(provider => new ChatConversationModel(
                ChatConversationModel.CreateChatClient(options), options, provider.GetRequiredService<ILogger<ChatConversationModel>>()));
        return services;
    }
}
