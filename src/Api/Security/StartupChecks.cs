using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Security;

public static class StartupChecks
{
    /// <summary>
    /// Without an auth token nobody can tell Twilio from a forger, so only Development may run without
    /// one — and it says so loudly.
    /// </summary>
    public static void RequireTwilioAuthTokenOutsideDevelopment(WebApplication app)
    {
        if (!string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<TwilioOptions>>().Value.AuthToken))
            return;
        if (!app.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Twilio__AuthToken is not set. In the {app.Environment.EnvironmentName} environment every webhook must be signature-checked; " +
                "set Twilio__AuthToken (Twilio Console → Account → API keys & tokens) or run with ASPNETCORE_ENVIRONMENT=Development.");
        }

        app.Logger.LogWarning(
            "⚠️  Twilio__AuthToken is not set: /webhook accepts UNSIGNED requests. Fine on your machine, never in production.");
    }
}
