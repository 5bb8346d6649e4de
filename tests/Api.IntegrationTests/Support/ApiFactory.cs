using MemoryAssistant.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 (real HTTP, real remote address), with its own SQLite file in
/// a fresh data directory and a test clock. One instance per test keeps tests independent.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AuthToken = "test-auth-token-0123456789";
    public const string PublicBaseUrl = "https://assistant.example.com";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    /// <param name="settings">Configuration overrides (e.g. "Api:Keys:0"); a null value removes a default.</param>
    public ApiFactory(IDictionary<string, string?>? settings = null, string environment = "Development")
    {
        // A restart test passes the first server's directory: this factory then reads that database.
        // The directory belongs to whoever made it: a factory given one never deletes it.
        if (settings is not null && settings.TryGetValue("Storage:DataDirectory", out var given) && given is not null)
        {
            DataDirectory = given;
            KeepDataDirectory = true;
        }
        else
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "memoryassistant-tests", Guid.NewGuid().ToString("N"));
        }
        _environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Twilio:AuthToken"] = AuthToken,
            ["PublicBaseUrl"] = PublicBaseUrl,
            ["Jobs:PollInterval"] = "00:00:00.200",
            ["Jobs:RetryDelay"] = "00:00:00.200",
            // The product's default engine: hybrid, with the word vectors `make setup` converts.
            ["Embeddings:ModelPath"] = RepoPaths.RequireWordVectorModel(),
            ["Lexicons:Directory"] = RepoPaths.LexiconDirectory,
        };
        foreach (var (key, value) in FakeTwilioMedia.Shared.Settings)
            _settings[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
        UseKestrel(0);
    }

    /// <summary>Tue 24 Nov 2026 10:00 UTC unless a test moves it.</summary>
    public TestClock Clock { get; } = new(Instant.FromUtc(2026, 11, 24, 10, 0));

    public string DataDirectory { get; }

    /// <summary>Dispose stops the server but leaves the data, so a second factory can restart on it.</summary>
    public bool KeepDataDirectory { get; set; }

    /// <summary>An extra log sink (e.g. one that captures every line), added to the app's own providers.</summary>
    public ILoggerProvider? Logs { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, StorageOptions.DatabaseFileName);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value ?? "");
        if (Logs is { } logs)
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    /// <summary>A client for the real server (starts it on first use).</summary>
    public HttpClient CreateHttpClient()
    {
        StartServer();
        return CreateClient();
    }

    public WhatsAppClient CreateWhatsAppClient(string from = "+351912345678", bool sign = true) => new(CreateHttpClient(), from, sign ? AuthToken : null);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepDataDirectory)
            return;
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the test; the OS cleans its temp folder.
        }
    }
}
