using MediatR;

namespace MemoryAssistant.Application.Common.Messaging;

/// <summary>A request that changes state; the transaction behaviour wraps it in one database transaction.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>, ICommandMarker;

/// <summary>Lets behaviours recognise commands without knowing their response type.</summary>
public interface ICommandMarker;

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;
