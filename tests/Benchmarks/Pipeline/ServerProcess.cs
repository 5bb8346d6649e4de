using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MemoryAssistant.TestSupport;

namespace MemoryAssistant.Benchmarks.Pipeline;

/// <summary>
/// The real API as its own process (<c>dotnet MemoryAssistant.Api.dll --urls http://127.0.0.1:port</c>), on a
/// fresh data directory, its output kept in <c>server.log</c> there. Disposing kills it (and only it) and
/// deletes the directory.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, StreamWriter log, string dataDirectory, Uri baseUrl, string environment)
    {
        _process = process;
        _log = log;
        DataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        Environment = environment;
    }

    public const string AuthToken = "bench-auth-token-0123456789abcdef";

    /// <summary>The URL Twilio is told to call: webhooks are signed for it (the app rebuilds it from PublicBaseUrl).</summary>
    public const string PublicBaseUrl = "https://assistant.example.com";

    public string DataDirectory { get; }
    public Uri BaseUrl { get; }
    public string Environment { get; }
    public string DatabasePath => Path.Combine(DataDirectory, MemoryAssistant.Infrastructure.Persistence.StorageOptions.DatabaseFileName);
    public string LogPath => Path.Combine(DataDirectory, "server.log");
    public int ProcessId => _process.Id;

    /// <summary>The API assembly built next to this benchmark (same configuration and target framework).</summary>
    public static string ApiAssembly()
    {
        // tests/Benchmarks/bin/<Configuration>/<tfm>/ → src/Api/bin/<Configuration>/<tfm>/MemoryAssistant.Api.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepoPaths.Root, "src", "Api", "bin", here.Parent!.Name, here.Name, "MemoryAssistant.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The API is not built at {path}: run make build.");
    }

    public static async Task<ServerProcess> StartAsync(string environment, IDictionary<string, string?> settings, TimeSpan? startTimeout = null)
    {
        var data = Directory.CreateTempSubdirectory("memoryassistant-pipeline-").FullName;
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data,
        };
        start.ArgumentList.Add(ApiAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.AbsoluteUri.TrimEnd('/'));
        // Nothing from the caller's environment decides how the server runs: only what is set here.
        foreach (var key in System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal))
                     .ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Storage__DataDirectory"] = data;
        start.Environment["Twilio__AuthToken"] = AuthToken;
        // The load measures the pipeline, not the per-sender limiter (8 senders at hundreds of req/s would all be limited).
        start.Environment["RateLimiting__Enabled"] = "false";
        start.Environment["PublicBaseUrl"] = PublicBaseUrl;
        start.Environment["Embeddings__ModelPath"] = RepoPaths.RequireWordVectorModel();
        start.Environment["Lexicons__Directory"] = RepoPaths.LexiconDirectory;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var log = new StreamWriter(Path.Combine(data, "server.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, log, data, baseUrl, environment);

        // Ready when /health answers at all (it may say Degraded: that is the app's own opinion, not ours).
        using var probe = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var limit = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var tail = await server.LogTailAsync();
                await server.DisposeAsync();
                throw new InvalidOperationException($"The API exited during start-up ({process.ExitCode}):\n{tail}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("health", UriKind.Relative));
                return server;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (limit.Elapsed > (startTimeout ?? TimeSpan.FromSeconds(90)))
            {
                var tail = await server.LogTailAsync();
                await server.DisposeAsync();
                throw new TimeoutException($"The API did not answer /health within {limit.Elapsed.TotalSeconds:F0} s:\n{tail}");
            }

            await Task.Delay(100);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    public async Task<string> LogTailAsync(int lines = 40)
    {
        await Task.Delay(100);
        string[] all;
        lock (_log)
            all = File.Exists(LogPath) ? ReadShared(LogPath) : [];
        return string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>Lines of the server's log matching a predicate (the log is still being written).</summary>
    public IReadOnlyList<string> LogLines(Func<string, bool> predicate)
    {
        lock (_log)
            return ReadShared(LogPath).Where(predicate).ToList();
    }

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }

    /// <summary>Total CPU time the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
        lock (_log)
            _log.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
