using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MemoryAssistant.Api.IntegrationTests.Reliability;

/// <summary>
/// The built API as a separate OS process (<c>dotnet MemoryAssistant.Api.dll</c>), so a test can kill it with
/// SIGKILL — no shutdown hook, no flush, no lease released — and start it again on the same data directory.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The API assembly next to this test's build (same configuration), e.g. src/Api/bin/Debug/net10.0.</summary>
    public static string ApiAssembly
    {
        get
        {
            // AppContext.BaseDirectory is …/tests/Api.IntegrationTests/bin/{Configuration}/{tfm}/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfm.Parent!.Name;
            var built = Path.Combine(RepoPaths.Root, "src", "Api", "bin", configuration, tfm.Name, "MemoryAssistant.Api.dll");
            return File.Exists(built) ? built : throw new FileNotFoundException($"Build the API first: {built} is missing.");
        }
    }

    /// <summary>Starts the API on a free loopback port with <paramref name="settings"/> as environment variables and waits until it answers.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var dll = ApiAssembly;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = api.BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var up = await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException("exited");
            using var response = await http.GetAsync("/health");
            return true;
        }, timeout ?? TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(100));
        if (!up)
        {
            await api.DisposeAsync();
            throw new InvalidOperationException($"The API did not start (exited: {process.HasExited}):\n{api.Output}");
        }

        return api;
    }

    /// <summary>SIGKILL on Linux: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            if (_output.Length > 200_000)
                _output.Remove(0, 100_000);
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
