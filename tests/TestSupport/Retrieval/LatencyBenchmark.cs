using System.Diagnostics;
using NodaTime;

namespace MemoryAssistant.TestSupport.Retrieval;

/// <param name="Size">Memories held by the one synthetic user.</param>
/// <param name="InsertSeconds">Writing them all: rows and index entries, in one transaction.</param>
/// <param name="Searches">Timed searches (after a short warm-up that is not counted).</param>
/// <param name="AnsweredShare">Share of the timed searches that returned at least one memory (speed means little if nothing comes back).</param>
/// <param name="WorkingSetMb">The process working set after the searches.</param>
/// <param name="PeakWorkingSetMb">The process's peak working set so far (includes the insert).</param>
/// <param name="DatabaseMb">The SQLite file and its WAL, on disk.</param>
public sealed record LatencyResult(
    int Size, double InsertSeconds, int Searches, double AnsweredShare, double P50Ms, double P95Ms, double MeanMs, double MaxMs, double WorkingSetMb, double PeakWorkingSetMb, double DatabaseMb);

/// <summary>
/// The retrieval benchmark's latency half: one synthetic user with <c>size</c> memories, then many varied
/// questions through the app's real recall, each in its own scope and connection as a request would be.
/// </summary>
public static class LatencyBenchmark
{
    public const string UserNumber = "+14155550199";
    public const string UserZone = "America/Los_Angeles";
    private const int WarmUp = 20;

    public static Instant Now { get; } = Instant.FromUtc(2026, 11, 24, 10, 0);

    /// <param name="dataDirectory">Where to build the database (left for the caller, e.g. to time a cold start on it); null uses a temporary one.</param>
    public static async Task<LatencyResult> MeasureAsync(
        IDictionary<string, string?> configuration, int size, int searches = 250, string? dataDirectory = null, CancellationToken cancellationToken = default)
    {
        await using var app = await RetrievalApp.CreateAsync(configuration, Now, dataDirectory);
        var user = await app.AddUserAsync(UserNumber, "Bench User", UserZone);

        var insert = Stopwatch.StartNew();
        await app.BulkRememberAsync(user, SyntheticMemories.Generate(size, Now), cancellationToken: cancellationToken);
        insert.Stop();

        var questions = SyntheticMemories.Questions(WarmUp + searches);
        foreach (var question in questions.Take(WarmUp))
            await app.RecallAsync(user, question, 5, cancellationToken);

        var timings = new List<double>(searches);
        var answered = 0;
        foreach (var question in questions.Skip(WarmUp))
        {
            var stopwatch = Stopwatch.StartNew();
            var recall = await app.RecallAsync(user, question, 5, cancellationToken);
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
            if (recall.Hits.Count > 0)
                answered++;
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        timings.Sort();
        return new LatencyResult(
            size,
            insert.Elapsed.TotalSeconds,
            timings.Count,
            (double)answered / timings.Count,
            Percentile(timings, 0.50),
            Percentile(timings, 0.95),
            timings.Average(),
            timings[^1],
            process.WorkingSet64 / 1048576.0,
            process.PeakWorkingSet64 / 1048576.0,
            DatabaseMegabytes(app.DatabasePath));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
            return 0;
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static double DatabaseMegabytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length) / 1048576.0;
}

/// <param name="BuildMs">Building the service provider (configuration, DI, engine set-up).</param>
/// <param name="MigrateMs">The start-up migration check on an up-to-date database.</param>
/// <param name="FirstSearchMs">The first question answered (first connection, first query, anything loaded lazily).</param>
public sealed record StartupResult(double BuildMs, double MigrateMs, double FirstSearchMs)
{
    public double TotalMs => BuildMs + MigrateMs + FirstSearchMs;
}

/// <summary>App start-up as the benchmark sees it: open an existing data directory and answer one question.</summary>
public static class StartupBenchmark
{
    public static async Task<StartupResult> MeasureAsync(IDictionary<string, string?> configuration, string dataDirectory, string question = "What did I plan for dinner last week?")
    {
        var stopwatch = Stopwatch.StartNew();
        await using var app = RetrievalApp.Build(configuration, LatencyBenchmark.Now, dataDirectory);
        var build = stopwatch.Elapsed.TotalMilliseconds;

        stopwatch.Restart();
        await app.MigrateAsync();
        var migrate = stopwatch.Elapsed.TotalMilliseconds;

        stopwatch.Restart();
        var user = await app.FindUserAsync(LatencyBenchmark.UserNumber);
        await app.RecallAsync(user, question, 5);
        return new StartupResult(build, migrate, stopwatch.Elapsed.TotalMilliseconds);
    }
}
