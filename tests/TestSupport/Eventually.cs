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
            try
            {
                if (await condition())
                    return true;
            }
            catch (Exception) when (stopwatch.Elapsed <= limit)
            {
                // The system under test is mid-write (a busy database, a half-started host): look again.
            }

            if (stopwatch.Elapsed > limit)
                return false;
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout);
}
