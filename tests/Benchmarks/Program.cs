using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using MemoryAssistant.Benchmarks.Pipeline;
using MemoryAssistant.TestSupport;
using MemoryAssistant.TestSupport.Retrieval;

namespace MemoryAssistant.Benchmarks;

/// <summary>
/// <c>make bench</c>: retrieval quality of the memory engine keyword-only and hybrid, latency and start-up of
/// the hybrid engine, printed and written as markdown.
/// Usage: <c>--out docs/benchmarks.md</c> (default: docs/benchmarks.md in the repository), <c>--quick</c> (skip 100k),
/// <c>--model path</c> (the hybrid mode's word vectors, default data/models/wink-glove-sg-100d.bin in the repository),
/// <c>--searches N</c> (timed searches per size, default 250), <c>--empty-floor X</c> (score below which a hit
/// does not count against a must-return-nothing question, default 0).
/// <c>--pipeline</c> instead: the webhook pipeline of the real server (load at <c>--levels 1,4,16,64</c>, <c>--duration 10</c>
/// seconds each, after <c>--warmup 3</c>; then the duplicate and media storms) into docs/reliability.md (or <c>--out</c>).
/// </summary>
public static class Program
{
    private const string StartupProbeFlag = "--startup-probe";

    public static async Task<int> Main(string[] args)
    {
        try
        {
            if (args is ["--explore", var modelPath, .. var words])
            {
                // Word-vector exploration while tuning: neighbours of each word, then pairwise similarities.
                var vectors = MemoryAssistant.Infrastructure.Embeddings.WordVectors.Load(modelPath);
                foreach (var word in words.Where(w => !w.Contains('~', StringComparison.Ordinal)))
                    Console.WriteLine($"{word} (rank {vectors.Rank(word)}): {string.Join(", ", vectors.Neighbours(word, 15).Select(n => $"{n.Word} {n.Similarity:F2}"))}");
                foreach (var pair in words.Where(w => w.Contains('~', StringComparison.Ordinal)).Select(w => w.Split('~')))
                    Console.WriteLine($"{pair[0]}~{pair[1]} = {vectors.Similarity(pair[0], pair[1]):F2}");
                return 0;
            }

            var options = BenchmarkArguments.Parse(args);
            if (options.Pipeline is { } pipeline)
                return await RunPipelineAsync(options, pipeline);
            if (options.StartupProbeDirectory is { } probeDirectory)
                return await RunStartupProbeAsync(options, probeDirectory);
            return await RunAsync(options);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync("usage: MemoryAssistant.Benchmarks [--out docs/benchmarks.md] [--quick] [--model data/models/wink-glove-sg-100d.bin] [--searches 250] [--empty-floor 0]");
            await Console.Error.WriteLineAsync("       MemoryAssistant.Benchmarks --pipeline [--levels 1,4,16,64] [--duration 10] [--warmup 3] [--out docs/reliability.md]");
            return 2;
        }
    }

    /// <summary>
    /// <c>--pipeline</c>: load, duplicate storm and media storm against the real server in its own process,
    /// into the "Load", "Duplicate storm" and "Media storm" sections of docs/reliability.md. Fails (exit 1)
    /// when a storm's counts are wrong; the load goals are reported, not enforced.
    /// </summary>
    private static async Task<int> RunPipelineAsync(BenchmarkArguments options, PipelineArguments pipeline)
    {
        var output = Path.GetFullPath(options.OutputPath ?? Path.Combine(RepoPaths.Root, "docs", "reliability.md"));
        var started = Stopwatch.StartNew();
        var loadAverage = ReliabilityReport.LoadAverage();
        Console.WriteLine($"Pipeline benchmark: levels {string.Join(',', pipeline.Levels)}, {pipeline.Duration.TotalSeconds:0.###} s each; load average {loadAverage}.");
        var load = await PipelineBenchmark.RunLoadAsync(pipeline, options.Settings);
        var duplicates = await PipelineBenchmark.RunDuplicateStormAsync(deliveries: 1_000, sids: 50, concurrency: 50);
        var media = await PipelineBenchmark.RunMediaStormAsync(users: 20);
        await ReliabilityReport.WriteAsync(output, ReliabilityReport.Render(pipeline, load, duplicates, media, started.Elapsed, loadAverage));
        Console.WriteLine($"Pipeline benchmark done in {started.Elapsed.TotalMinutes:F1} min. Wrote {output}");
        return duplicates.Ok && media.Ok ? 0 : 1;
    }

    private static async Task<int> RunAsync(BenchmarkArguments options)
    {
        var set = RetrievalSet.Load();
        var output = Path.GetFullPath(options.OutputPath ?? Path.Combine(RepoPaths.Root, "docs", "benchmarks.md"));
        var hybrid = RetrievalModes.Hybrid(Path.GetFullPath(options.ModelPath ?? RepoPaths.WordVectorModel));
        var retrieval = new RetrievalOptions(NoAnswerScoreFloor: options.EmptyFloor);
        var started = Stopwatch.StartNew();

        Console.WriteLine($"Retrieval benchmark: {set.Memories.Count} memories, {set.Questions.Count} questions.");
        var keyword = await RetrievalEvaluator.RunAsync(set, RetrievalModes.KeywordOnlyName, RetrievalModes.KeywordOnly(), retrieval);
        var hybridQuality = await RetrievalEvaluator.RunAsync(set, RetrievalModes.HybridName, hybrid, retrieval);
        var quality = new[] { keyword, hybridQuality };
        Console.WriteLine();
        Console.WriteLine(MarkdownReport.QualityTable(quality));
        if (options.QualityOnly)
        {
            // For tuning: the misses, and no latency run or report file.
            foreach (var miss in hybridQuality.Misses)
                Console.WriteLine($"  miss {miss.Question.Id} \"{miss.Question.Text}\" → {string.Join(", ", miss.Hits.Select(r => $"{r.Key} {r.Score:F2}"))}");
            return 0;
        }

        var sizes = options.Quick ? new[] { 1_000, 10_000 } : [1_000, 10_000, 100_000];
        var latency = new List<LatencyResult>();
        StartupMeasurement? startup = null;
        foreach (var size in sizes)
        {
            Console.WriteLine($"Latency (hybrid): {size.ToString("N0", CultureInfo.InvariantCulture)} memories…");
            var directory = RetrievalApp.CreateTempDirectory();
            try
            {
                latency.Add(await LatencyBenchmark.MeasureAsync(hybrid, size, options.Searches, directory));
                startup ??= await MeasureStartupAsync(hybrid, directory);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine(MarkdownReport.LatencyTable(latency));
        if (startup is not null)
            Console.WriteLine(MarkdownReport.StartupLine(startup));

        var report = MarkdownReport.Render(set, quality, latency, startup, hybrid, options, started.Elapsed);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine();
        Console.WriteLine($"Misses (hybrid): {hybridQuality.Misses.Count()}; keyword-only: {keyword.Misses.Count()}. Wrote {output}");
        return 0;
    }

    /// <summary>
    /// Start-up is timed in a fresh process (JIT, configuration, engine set-up and model loading all cold),
    /// which runs this program again with <c>--startup-probe</c>; in this process if that cannot be done.
    /// </summary>
    private static async Task<StartupMeasurement> MeasureStartupAsync(IDictionary<string, string?> configuration, string directory)
    {
        var (fileName, prefix) = SelfCommand();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Append(StartupProbeFlag).Append(directory))
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in configuration)
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add($"{key}={value}");
        }

        var wall = Stopwatch.StartNew();
        using (var process = Process.Start(start))
        {
            if (process is not null)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                wall.Stop();
                if (process.ExitCode == 0 && JsonSerializer.Deserialize<StartupResult>((await stdout).Trim()) is { } result)
                    return new StartupMeasurement(result, ColdProcess: true, wall.Elapsed.TotalMilliseconds);
                await Console.Error.WriteLineAsync($"Start-up probe failed ({process.ExitCode}): {await stderr}");
            }
        }

        return new StartupMeasurement(await StartupBenchmark.MeasureAsync(configuration, directory), ColdProcess: false, null);
    }

    private static (string FileName, IEnumerable<string> Prefix) SelfCommand()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var isDotnetHost = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return isDotnetHost ? (host, [Assembly.GetEntryAssembly()!.Location]) : (host, []);
    }

    private static async Task<int> RunStartupProbeAsync(BenchmarkArguments options, string directory)
    {
        var result = await StartupBenchmark.MeasureAsync(options.Settings, directory);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}

/// <param name="ColdProcess">Measured in a fresh process (true) or in the benchmark's own, already warm one.</param>
/// <param name="ProcessWallMs">From starting the probe process to its exit, runtime start-up included.</param>
public sealed record StartupMeasurement(StartupResult Result, bool ColdProcess, double? ProcessWallMs);

public sealed record BenchmarkArguments(
    string? OutputPath, bool Quick, string? ModelPath, int Searches, double EmptyFloor, string? StartupProbeDirectory, IDictionary<string, string?> Settings)
{
    /// <summary><c>--quality-only</c>: print the quality table and the hybrid misses, skip latency and the report.</summary>
    public bool QualityOnly { get; init; }

    /// <summary><c>--pipeline</c> (with <c>--levels</c>, <c>--duration</c>, <c>--warmup</c>): the webhook pipeline benchmark instead of retrieval.</summary>
    public PipelineArguments? Pipeline { get; init; }

    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? output = null, model = null, probe = null;
        bool quick = false, qualityOnly = false, pipeline = false;
        var load = PipelineArguments.Default;
        var searches = 250;
        var floor = 0.0;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out":
                    output = Value(args, ref i);
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--quality-only":
                    qualityOnly = true;
                    break;
                case "--model":
                    model = Value(args, ref i);
                    break;
                case "--searches":
                    searches = int.Parse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture);
                    if (searches < 1)
                        throw new ArgumentException("--searches must be at least 1.");
                    break;
                case "--empty-floor":
                    floor = double.Parse(Value(args, ref i), NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
                case "--startup-probe":
                    probe = Value(args, ref i);
                    break;
                case "--pipeline":
                    pipeline = true;
                    break;
                case "--levels":
                    load = load with { Levels = PipelineArguments.ParseLevels(Value(args, ref i)) };
                    break;
                case "--duration":
                    load = load with { Duration = PipelineArguments.ParseDuration("--duration", Value(args, ref i)) };
                    break;
                case "--warmup":
                    load = load with { WarmUp = PipelineArguments.ParseDuration("--warmup", Value(args, ref i), allowZero: true) };
                    break;
                case "--set":
                    var pair = Value(args, ref i);
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                        throw new ArgumentException($"--set expects Key=Value, not '{pair}'.");
                    settings[pair[..equals]] = pair[(equals + 1)..];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new BenchmarkArguments(output, quick, model, searches, floor, probe, settings) { QualityOnly = qualityOnly, Pipeline = pipeline ? load : null };
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
