namespace MemoryAssistant.Infrastructure.IntegrationTests.Support;

/// <summary>
/// Tests with real sockets, timeouts and retries run on their own: a thread-pool stall caused by another
/// class running in parallel would otherwise turn into attempt timeouts and extra retries here.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoopbackHttpTests
{
    public const string Name = "Loopback HTTP servers";
}
