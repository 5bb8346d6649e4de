using System.Diagnostics;

namespace MemoryAssistant.TestSupport;

/// <summary>
/// Waits for background work (job worker, sync worker) to reach a state, polling a condition with a bounded
/// deadline: a test never sleeps a guessed time, and never waits forever.
/// </summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
                return true;
            if (stopwatch.Elapsed > limit)
                return false;
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout);
}
