using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Support;

/// <summary>
/// Twilio's Messages API on a loopback Kestrel port, following the documented contract: Basic auth with the
/// account's sid and token, a form POST to /2010-04-01/Accounts/{sid}/Messages.json, 201 with the message JSON,
/// errors as <c>{"code","message","more_info","status"}</c>. Tests script responses to queue before the default 201.
/// </summary>
public sealed class FakeTwilioMessagesApi : IAsyncDisposable
{
    public const string SandboxFrom = "whatsapp:+14155238886";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private FakeTwilioMessagesApi(WebApplication app, string accountSid, string authToken)
    {
        _app = app;
        AccountSid = accountSid;
        AuthToken = authToken;
    }

    public string AccountSid { get; }

    public string AuthToken { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeTwilioMessagesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        var app = builder.Build();
        var fake = new FakeTwilioMessagesApi(app, "AC" + NewHex(), NewHex());
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", (HttpContext context, string accountSid) => fake.HandleAsync(context, accountSid));
        app.MapFallback((HttpContext context) => WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, 20404, "The requested resource was not found"));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseUrl = new Uri(address);
        return fake;
    }

    /// <summary>Answers the next request with a Twilio error body.</summary>
    public void EnqueueError(int status, int code, string message, int? retryAfterSeconds = null) =>
        _script.Enqueue(new ScriptedResponse(status, code, message, retryAfterSeconds));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, string accountSid)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var fields = form?.ToDictionary(f => f.Key, f => f.Value.ToArray() as IReadOnlyList<string?>, StringComparer.Ordinal)
            ?? new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        _requests.Enqueue(new RecordedRequest(
            context.Request.Path.Value!,
            context.Request.ContentType,
            context.Request.Headers.Authorization.ToString(),
            fields,
            _clock.Elapsed));

        if (!string.Equals(accountSid, AccountSid, StringComparison.Ordinal) || !IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, 20003, "Authenticate");
            return;
        }

        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteErrorAsync(context.Response, scripted.Status, scripted.Code, scripted.Message);
            return;
        }

        if (form is null || !form.ContainsKey("To") || !(form.ContainsKey("From") || form.ContainsKey("MessagingServiceSid")))
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, 21604, "A 'To' phone number and a 'From' or 'MessagingServiceSid' are required.");
            return;
        }

        var sid = "SM" + NewHex();
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = form["Body"].ToString(),
            ["date_created"] = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture),
            ["date_sent"] = null,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = form.TryGetValue("From", out var from) ? from.ToString() : null,
            ["messaging_service_sid"] = form.TryGetValue("MessagingServiceSid", out var service) ? service.ToString() : null,
            ["num_media"] = form["MediaUrl"].Count.ToString(CultureInfo.InvariantCulture),
            ["num_segments"] = "1",
            ["price"] = null,
            ["sid"] = sid,
            ["status"] = "queued",
            ["to"] = form["To"].ToString(),
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        });
    }

    private bool IsAuthorized(string header)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..])) == AccountSid + ":" + AuthToken;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, int code, string message)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
            ["status"] = status,
        });
    }

    private static string NewHex() => Guid.NewGuid().ToString("N");

    private sealed record ScriptedResponse(int Status, int Code, string Message, int? RetryAfterSeconds);
}

/// <param name="ReceivedAt">Time since the fake started, to measure back-off between attempts.</param>
public sealed record RecordedRequest(
    string Path,
    string? ContentType,
    string Authorization,
    IReadOnlyDictionary<string, IReadOnlyList<string?>> Form,
    TimeSpan ReceivedAt);
