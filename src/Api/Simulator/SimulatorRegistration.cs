using MemoryAssistant.Infrastructure.Media;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Simulator;

public static class SimulatorRegistration
{
    public const string WebhookClientName = "simulator-webhook";

    /// <summary>
    /// The simulator's services. With the simulator on, no <c>PublicBaseUrl</c> and plain http allowed
    /// (Development), the media downloader also trusts this server's own loopback ports, so the
    /// <c>/simulator/media/…</c> URLs it hands to the webhook can be fetched. Production is unchanged: there
    /// every hop must be HTTPS, and a configured <c>PublicBaseUrl</c> host is already trusted.
    /// </summary>
    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!SimulatorOptions.From(configuration, environment).Enabled)
            return services;

        // The webhook may wait for media work before it answers.
        services.AddHttpClient(WebhookClientName, client => client.Timeout = TimeSpan.FromSeconds(90));
        services.Replace(ServiceDescriptor.Singleton(provider => CreateMediaHostPolicy(provider)));
        return services;
    }

    // Resolved when the first download starts, after the server has bound its addresses.
    private static MediaHostPolicy CreateMediaHostPolicy(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<MediaDownloadOptions>>().Value;
        if (options.PublicBaseUrl is not null || options.RequireHttps)
            return new MediaHostPolicy(options);

        var trusting = new MediaDownloadOptions { Twilio = options.Twilio, PublicBaseUrl = null, RequireHttps = options.RequireHttps };
        foreach (var host in options.AllowedHosts)
            trusting.AllowedHosts.Add(host);
        foreach (var host in options.CdnHosts)
            trusting.CdnHosts.Add(host);
        var addresses = provider.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var port in addresses.Select(PortOf).OfType<int>().Distinct())
        {
            trusting.AllowedHosts.Add($"localhost:{port}");
            trusting.AllowedHosts.Add($"127.0.0.1:{port}");
            trusting.AllowedHosts.Add($"[::1]:{port}");
        }

        return new MediaHostPolicy(trusting);
    }

    // Kestrel reports wildcard binds as http://+:5080, http://*:5080 or http://[::]:5080.
    private static int? PortOf(string address) =>
        Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Port
            : null;
}
