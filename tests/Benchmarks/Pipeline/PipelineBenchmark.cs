using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MemoryAssistant.TestSupport;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Benchmarks.Pipeline;

/// <summary>
/// <c>--pipeline</c>: the whole webhook path of the real server, as its own process on 127.0.0.1. A load run
/// (signed text notes at rising concurrency, each level for a fixed time), a duplicate storm (many deliveries
/// of few MessageSids at once) and a media storm (one photo from many users at once).
/// </summary>
public static class PipelineBenchmark
{
    /// <summary>Settings the server runs with in every part (on top of ServerProcess's own).</summary>
    public const string LoadEnvironment = "Production";

    /// <param name="settings">Extra server settings (<c>--set Key=Value</c>), e.g. to switch a part off while profiling.</param>
    public static async Task<LoadResult> RunLoadAsync(PipelineArguments options, IDictionary<string, string?> settings)
    {
        await using var server = await ServerProcess.StartAsync(LoadEnvironment, settings);
        using var sender = new WebhookSender(server.BaseUrl);
        Console.WriteLine($"Load: {LoadEnvironment} server pid {server.ProcessId} on {server.BaseUrl}, data {server.DataDirectory}" +
                          (settings.Count == 0 ? "" : $", with {string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"))}"));

        // Untimed warm-up: JIT, connection pools, SQLite page cache, the first message of every sender.
        var warmUp = await RunLevelAsync(server, sender, concurrency: 4, options.WarmUp);
        Console.WriteLine($"  warm-up {options.WarmUp.TotalSeconds:F0} s: {warmUp.Requests} requests, {warmUp.Errors} errors");

        var levels = new List<LevelResult>();
        foreach (var concurrency in options.Levels)
        {
            var level = await RunLevelAsync(server, sender, concurrency, options.Duration);
            levels.Add(level);
            Console.WriteLine($"  {level.Concurrency,3} concurrent: {level.Throughput,7:F0} req/s, p50 {level.P50,6:F1} ms, p95 {level.P95,6:F1} ms, p99 {level.P99,6:F1} ms, max {level.Max,7:F1} ms, errors {level.Errors}, server CPU {level.ServerCores:F2} cores, bench CPU {level.ClientCores:F2} cores");
            foreach (var error in level.SampleErrors)
                Console.WriteLine($"      error: {error}");
        }

        var counts = await CountAsync(server.DatabasePath, "SELECT COUNT(*) FROM interactions", "SELECT COUNT(*) FROM memories", "SELECT COUNT(*) FROM interactions WHERE status = 'failed'");
        var logErrors = server.LogLines(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).Count;
        return new LoadResult(levels, warmUp, counts[0], counts[1], counts[2], logErrors);
    }

    private static async Task<LevelResult> RunLevelAsync(ServerProcess server, WebhookSender sender, int concurrency, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<List<double>>();
        var errors = new ConcurrentQueue<string>();
        var otherReplies = 0;
        var serverCpu = server.CpuTime();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = new List<double>(4096);
            var random = new Random(worker * 7919 + concurrency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var from = Notes.Senders[random.Next(Notes.Senders.Count)];
                var result = await sender.SendAsync(WebhookSender.Form(from, Notes.Next(random), WebhookSender.NewMessageSid()));
                mine.Add(result.Latency.TotalMilliseconds);
                if (result.Error is not null)
                    errors.Enqueue(result.Error);
                else if (!result.Reply!.Contains("Saved", StringComparison.Ordinal))
                    Interlocked.Increment(ref otherReplies);
            }

            latencies.Add(mine);
        })).ToList();
        await Task.WhenAll(workers);
        wall.Stop();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var serverCores = (server.CpuTime() - serverCpu).TotalSeconds / wall.Elapsed.TotalSeconds;
        var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / wall.Elapsed.TotalSeconds;
        return new LevelResult(concurrency, wall.Elapsed, all.Length, all.Length / wall.Elapsed.TotalSeconds,
            Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1],
            errors.Count, errors.Distinct().Take(3).ToList(), otherReplies, serverCores, clientCores);
    }

    /// <summary>Many deliveries of few MessageSids at once: one interaction and one memory per sid, every answer the same.</summary>
    public static async Task<DuplicateStormResult> RunDuplicateStormAsync(int deliveries, int sids, int concurrency)
    {
        await using var server = await ServerProcess.StartAsync(LoadEnvironment, new Dictionary<string, string?>());
        using var sender = new WebhookSender(server.BaseUrl);
        Console.WriteLine($"Duplicate storm: {deliveries} deliveries of {sids} MessageSids, {concurrency} concurrent ({LoadEnvironment} server pid {server.ProcessId})");

        var random = new Random(20261124);
        var forms = Enumerable.Range(0, sids)
            .Select(i => WebhookSender.Form(Notes.Senders[i % Notes.Senders.Count], Notes.Next(random) + $" (note {i + 1})", WebhookSender.NewMessageSid()))
            .ToList();
        // Every sid delivered deliveries/sids times (the remainder to the first ones), in a shuffled order.
        var order = Enumerable.Range(0, deliveries).Select(i => i % sids).ToArray();
        random.Shuffle(order);
        var queue = new ConcurrentQueue<int>(order);
        var replies = new ConcurrentDictionary<int, ConcurrentBag<string>>();
        var errors = new ConcurrentQueue<string>();
        var latencies = new ConcurrentBag<double>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wall = new Stopwatch();

        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            while (queue.TryDequeue(out var index))
            {
                var result = await sender.SendAsync(forms[index]);
                latencies.Add(result.Latency.TotalMilliseconds);
                if (result.Error is not null)
                    errors.Enqueue(result.Error);
                else
                    replies.GetOrAdd(index, _ => []).Add(result.Reply!);
            }
        })).ToList();
        wall.Start();
        start.SetResult();
        await Task.WhenAll(workers);
        wall.Stop();

        var sidsWithOneReply = replies.Values.Count(r => r.Distinct().Count() == 1);
        var counts = await CountAsync(server.DatabasePath,
            "SELECT COUNT(*) FROM interactions",
            "SELECT COUNT(*) FROM memories",
            "SELECT COALESCE(SUM(duplicate_deliveries), 0) FROM interactions",
            "SELECT COUNT(DISTINCT message_sid) FROM interactions");
        var sorted = latencies.Order().ToArray();
        var result = new DuplicateStormResult(deliveries, sids, concurrency, wall.Elapsed, errors.Count, errors.Distinct().Take(3).ToList(),
            sidsWithOneReply, counts[0], counts[1], counts[2], counts[3], Percentile(sorted, 0.50), Percentile(sorted, 0.99));
        Console.WriteLine($"  {result.Interactions} interactions, {result.Memories} memories, {result.DuplicateDeliveriesRecorded} duplicate deliveries recorded, " +
                          $"{result.SidsWithOneReply}/{sids} sids answered identically every time, {result.Errors} errors, {wall.Elapsed.TotalSeconds:F1} s → {(result.Ok ? "OK" : "FAILED")}");
        return result;
    }

    /// <summary>The same photo from many users at once: stored once (one row, one file), one memory per user.</summary>
    public static async Task<MediaStormResult> RunMediaStormAsync(int users)
    {
        var photo = await Photo.MakeAsync("STORM TEST", "white-lightblue");
        await using var media = await LoopbackHttpServer.StartAsync(async context =>
        {
            context.Response.ContentType = "image/jpeg";
            context.Response.ContentLength = photo.Length;
            await context.Response.Body.WriteAsync(photo);
        });
        // Development: outside it every media hop must be HTTPS, and a loopback server has no trusted certificate.
        const string environment = "Development";
        await using var server = await ServerProcess.StartAsync(environment, new Dictionary<string, string?>
        {
            ["Media:AllowedHosts:0"] = media.HostAndPort,
            ["Jobs:PollInterval"] = "00:00:00.200",
        });
        using var sender = new WebhookSender(server.BaseUrl);
        Console.WriteLine($"Media storm: one {photo.Length / 1024} KiB photo from {users} users at once ({environment} server pid {server.ProcessId}, photo served by {media.BaseUrl})");

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wall = new Stopwatch();
        var sends = Enumerable.Range(0, users).Select(i => Task.Run(async () =>
        {
            // As from Twilio: every message has its own media URL, the bytes are the same.
            var form = WebhookSender.Form(Notes.User(i), i % 2 == 0 ? "look at this" : "", WebhookSender.NewMessageSid("MM"),
                (media.Url($"media/ME{i:x32}").AbsoluteUri, "image/jpeg"));
            await start.Task;
            return await sender.SendAsync(form);
        })).ToList();
        wall.Start();
        start.SetResult();
        var results = await Task.WhenAll(sends);
        var answered = wall.Elapsed;

        // Replies may be acknowledgements (the reply budget ran out): wait for the job worker to finish.
        var settled = await Eventually.TrueAsync(async () =>
        {
            var c = await CountAsync(server.DatabasePath, "SELECT COUNT(*) FROM jobs WHERE status IN ('pending', 'running')", "SELECT COUNT(*) FROM jobs");
            return c[0] == 0 && c[1] >= users;
        }, TimeSpan.FromSeconds(180), TimeSpan.FromMilliseconds(250));
        wall.Stop();

        var counts = await CountAsync(server.DatabasePath,
            "SELECT COUNT(*) FROM media_assets",
            "SELECT COUNT(*) FROM memories",
            "SELECT COUNT(DISTINCT media_asset_id) FROM memories WHERE media_asset_id IS NOT NULL",
            "SELECT COUNT(*) FROM interactions",
            "SELECT COUNT(*) FROM users",
            "SELECT COUNT(*) FROM jobs WHERE status = 'failed'");
        var mediaFolder = Path.Combine(server.DataDirectory, "media");
        var files = Directory.Exists(mediaFolder) ? Directory.GetFiles(mediaFolder, "*", SearchOption.AllDirectories) : [];
        var errors = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        var saved = results.Count(r => r.Reply?.Contains("Saved", StringComparison.Ordinal) == true);
        var result = new MediaStormResult(users, photo.Length, environment, answered, wall.Elapsed, settled, errors.Count, errors.Distinct().Take(3).ToList(),
            saved, results.Length - errors.Count - saved, counts[0], files.Length, files.Count(f => f.EndsWith(".tmp", StringComparison.Ordinal)),
            counts[1], counts[2], counts[3], counts[4], counts[5], media.Requests.Count,
            results.Select(r => r.Latency.TotalMilliseconds).Max());
        Console.WriteLine($"  {result.MediaAssets} media_assets row(s), {result.StoredFiles} stored file(s), {result.Memories} memories, {result.Interactions} interactions, " +
                          $"{result.Downloads} downloads; replies: {result.SavedReplies} saved, {result.OtherReplies} other, {result.Errors} errors; settled in {wall.Elapsed.TotalSeconds:F1} s → {(result.Ok ? "OK" : "FAILED")}");
        return result;
    }

    /// <summary>Counts from the server's SQLite file, opened read-only.</summary>
    private static async Task<long[]> CountAsync(string databasePath, params string[] queries)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        var counts = new long[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = queries[i];
            counts[i] = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LevelResult(
    int Concurrency, TimeSpan Elapsed, int Requests, double Throughput, double P50, double P95, double P99, double Max,
    int Errors, IReadOnlyList<string> SampleErrors, int OtherReplies, double ServerCores, double ClientCores);

public sealed record LoadResult(IReadOnlyList<LevelResult> Levels, LevelResult WarmUp, long Interactions, long Memories, long FailedInteractions, int ServerLogErrors);

public sealed record DuplicateStormResult(
    int Deliveries, int Sids, int Concurrency, TimeSpan Elapsed, int Errors, IReadOnlyList<string> SampleErrors, int SidsWithOneReply,
    long Interactions, long Memories, long DuplicateDeliveriesRecorded, long DistinctSids, double P50, double P99)
{
    public bool Ok => Errors == 0 && Interactions == Sids && Memories == Sids && DistinctSids == Sids && SidsWithOneReply == Sids
                      && DuplicateDeliveriesRecorded == Deliveries - Sids;
}

public sealed record MediaStormResult(
    int Users, int PhotoBytes, string Environment, TimeSpan Answered, TimeSpan Settled, bool SettledInTime, int Errors, IReadOnlyList<string> SampleErrors,
    int SavedReplies, int OtherReplies, long MediaAssets, int StoredFiles, int TemporaryFiles, long Memories, long DistinctAssetsInMemories,
    long Interactions, long UserRows, long FailedJobs, int Downloads, double MaxReplyMs)
{
    public bool Ok => SettledInTime && Errors == 0 && MediaAssets == 1 && StoredFiles == 1 && Memories == Users && DistinctAssetsInMemories == 1
                      && Interactions == Users && FailedJobs == 0;
}
