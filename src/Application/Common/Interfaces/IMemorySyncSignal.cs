namespace MemoryAssistant.Application.Common.Interfaces;

/// <summary>
/// Wakes the sync worker when memories wait for the remote layer. The memories table is the queue: a lost
/// signal costs one poll interval, never a memory.
/// </summary>
public interface IMemorySyncSignal
{
    void MemoriesPending();
}
