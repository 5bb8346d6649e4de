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

    private ServerProcess(Process process, string dataDirectory, Uri baseUrl, string environment)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        Environment = environment;
    }

    public const string AuthToken = "bench-auth-token-0123456789abcdef";

    /// <summary>The URL Twilio is told to call: webhooks are signed for it (the app rebuilds it from PublicBaseUrl).</summary>
    public const string PublicBaseUrl = "https://assistant.example.com";

    /// <summary>Set to 1 to keep each server's data directory (database, server.log) for a look afterwards.</summary>
    public const string KeepDataVariable = "PIPELINE_KEEP_DATA";

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
        // The shell sends the server's output straight to server.log and then becomes the server (exec, same
        // pid): piping every log line through this process would charge the bench for the server's logging.
        // It starts in the build output, as a deployment does: that is the content root, where appsettings.json
        // (log levels) is read and the configuration file watcher looks, not the busy data directory.
        var assembly = ApiAssembly();
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$0; exec \"$@\" >> \"$log\" 2>&1");
        start.ArgumentList.Add(Path.Combine(data, "server.log"));
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(assembly);
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
        // The per-sender limiter runs as in production (its form read, signature check and redelivery look-up are part
        // of every webhook's cost), with allowances no load test reaches: 8 senders at a thousand req/s would be limited.
        start.Environment["RateLimiting__PerSenderPerMinute"] = "60000";
        start.Environment["RateLimiting__SenderBurst"] = "1000000";
        start.Environment["PublicBaseUrl"] = PublicBaseUrl;
        start.Environment["Embeddings__ModelPath"] = RepoPaths.RequireWordVectorModel();
        start.Environment["Lexicons__Directory"] = RepoPaths.LexiconDirectory;
        // App settings ("Section:Key") go on the command line, which outranks the environment: the shell drops
        // environment variables whose names have a dot, as log categories do. Runtime knobs (DOTNET_…) stay variables.
        foreach (var (key, value) in settings)
        {
            if (key.Contains(':', StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal))
                start.ArgumentList.Add($"--{key.Replace("__", ":", StringComparison.Ordinal)}={value}");
            else
                start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.Start();
        var server = new ServerProcess(process, data, baseUrl, environment);

        // Ready when /health answers at all (it may say Degraded: that is the app's own opinion, not ours).
        using var probe = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var limit = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                var tail = await server.LogTailAsync();
                await server.DisposeAsync();
                throw new InvalidOperationException($"The API exited during start-up ({exitCode}):\n{tail}");
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

    public async Task<string> LogTailAsync(int lines = 40)
    {
        await Task.Delay(100);
        var all = File.Exists(LogPath) ? ReadShared(LogPath) : [];
        return string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>Lines of the server's log matching a predicate (the log is still being written).</summary>
    public IReadOnlyList<string> LogLines(Func<string, bool> predicate) =>
        File.Exists(LogPath) ? ReadShared(LogPath).Where(predicate).ToList() : [];

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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (System.Environment.GetEnvironmentVariable(KeepDataVariable) == "1")
        {
            Console.WriteLine($"  kept {DataDirectory} ({KeepDataVariable}=1)");
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
