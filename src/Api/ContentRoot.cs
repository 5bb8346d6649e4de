namespace MemoryAssistant.Api;

/// <summary>
/// Where the app reads <c>appsettings.json</c>. ASP.NET Core's default is the working directory, so a deployment
/// started from elsewhere (a service manager's data folder, a cron job) would silently run without its settings:
/// default log levels that write every SQL command, measured to halve webhook throughput. The app's own folder
/// is used instead, unless a content root was given or the working directory has its own settings (`dotnet run`).
/// </summary>
public static class ContentRoot
{
    public const string SettingsFile = "appsettings.json";

    /// <returns>The application's folder, or null to keep ASP.NET Core's choice.</returns>
    public static string? Choose(IReadOnlyList<string> args, string? workingDirectory = null, string? applicationDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
                    || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
                    || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (given || File.Exists(Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), SettingsFile)))
            return null;
        var own = applicationDirectory ?? AppContext.BaseDirectory;
        return File.Exists(Path.Combine(own, SettingsFile)) ? own : null;
    }
}
