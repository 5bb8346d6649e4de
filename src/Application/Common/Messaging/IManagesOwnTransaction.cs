namespace MemoryAssistant.Application.Common.Messaging;

/// <summary>
/// A command whose handler opens its own short transactions: it must not hold SQLite's write lock while
/// it waits (for media work, downloads or a reply budget), so the transaction behaviour leaves it alone.
/// </summary>
public interface IManagesOwnTransaction;
