namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>Tells a database that stayed busy (another writer held it too long) from other failures.</summary>
public interface IDatabaseContention
{
    /// <summary>True when the failure, or one it wraps, is the database refusing a write turn in time.</summary>
    bool IsBusy(Exception exception);
}
