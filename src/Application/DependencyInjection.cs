using FluentValidation;
using MediatR;
using MemoryAssistant.Application.Common.Behaviours;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryAssistant.Application;

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5.1 has no DI package here, so handlers and validators are registered by scanning this
    /// assembly, and behaviours in an explicit order (outermost first).
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(UnhandledExceptionBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(PerformanceBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehaviour<,>));

        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>))
                    services.AddScoped(contract, type);
                // Validators build their rules in the constructor and depend on singletons only (IClock): built once.
                else if (definition == typeof(IValidator<>))
                    services.AddSingleton(contract, type);
            }
        }

        services.AddScoped<Memories.MemoryWriter>();
        services.AddScoped<Memories.MemoryEraser>();
        services.AddScoped<Memories.Layers.MemoryLayers>();
        services.AddScoped<Memories.Layers.MemorySearch>();
        services.AddScoped<Media.MediaUnderstanding>();
        services.AddScoped<Users.UserDirectory>();
        services.AddSingleton<Conversations.Commands.SaveNotes.NoteBatcher>();
        services.AddScoped<Outbound.OutboundDelivery>();
        services.AddScoped<Places.PlaceResolver>();
        services.AddScoped<Users.Queries.ExportUserData.UserDataExporter>();
        return services;
    }
}
