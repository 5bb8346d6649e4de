using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.TestSupport;

/// <summary>
/// The hosted Mem0 platform (https://api.mem0.ai) on a loopback Kestrel port, following the documented contract
/// (docs: shared/reference/mem0.md) and strict where the platform rejects: <c>Authorization: Token &lt;key&gt;</c>,
/// paths ending in <c>/</c>, entity ids inside <c>filters</c> for v3 search/list, images only with <c>infer:true</c>.
/// <para>
/// Request pipeline: record the request → injected fault (if any; a faulted request changes no state) → trailing
/// slash and route (404) → method (405) → auth (401) → JSON body (415/400) → endpoint validation (400) → answer.
/// Errors are always <c>{"detail": "..."}</c>.
/// </para>
/// <para>
/// "LLM" extraction for <c>infer:true</c> is deterministic: each user/assistant text is split into sentences (on
/// <c>. ! ?</c> and newlines; pieces shorter than 3 characters dropped) and each image part becomes
/// <c>"Shared an image (&lt;content-type&gt;, &lt;n&gt; bytes)"</c> (<c>"Shared an image"</c> for URLs). System messages
/// yield nothing. Like Mem0's md5 check, a fact equal (trimmed, case-insensitive) to a memory already stored for the
/// same entity ids is skipped. Search scores are word overlap: |query ∩ memory| / |query| over lower-cased, stop-word
/// free, crudely stemmed tokens.
/// </para>
/// </summary>
public sealed partial class Mem0Emulator : IAsyncDisposable
{
    public const string DefaultApiKey = "m0-test-key-0123456789";
    public const string OrgId = "org_emulator";
    public const string ProjectId = "proj_emulator";
    public const string UserEmail = "tests@mem0-emulator.invalid";

    /// <summary>Recorded status of a request whose client went away before it was answered (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly string _apiKey;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<RequestEntry> _requests = [];
    private readonly List<StoredMemory> _memories = [];
    private readonly Dictionary<string, AddEvent> _events = new(StringComparer.Ordinal);
    private readonly List<FaultRule> _faults = [];
    private TimeSpan _responseOffset = TimeSpan.FromHours(-8);
    private int _eventPollsBeforeDone = 2;
    private bool _failEvents;
    private int _addCallsAccepted;
    private long _sequence;
    private TimeProvider _timeProvider = TimeProvider.System;

    private Mem0Emulator(WebApplication app, string apiKey)
    {
        _app = app;
        _apiKey = apiKey;
    }

    /// <summary>Base address with a trailing slash, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>"127.0.0.1:port", as an allow-list entry.</summary>
    public string HostAndPort => BaseUrl.Authority;

    /// <summary>
    /// Offset used when rendering created_at/updated_at in responses (default -08:00, i.e. non-UTC, like the platform).
    /// Whole minutes, at most ±14 hours.
    /// </summary>
    public TimeSpan ResponseOffset
    {
        get { lock (_gate) { return _responseOffset; } }
        set
        {
            if (value.Ticks % TimeSpan.TicksPerMinute != 0 || value.Duration() > TimeSpan.FromHours(14))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "An offset is whole minutes within ±14 hours.");
            }

            lock (_gate) { _responseOffset = value; }
        }
    }

    /// <summary>
    /// How many GET /v1/event/{id}/ polls an event answers before it is finished: the first n-1 polls say PENDING,
    /// the n-th RUNNING, poll n+1 finishes it (default 2: PENDING, RUNNING, then SUCCEEDED on the 3rd; 0 finishes on
    /// the first poll). Read when the add is accepted.
    /// </summary>
    public int EventPollsBeforeDone
    {
        get { lock (_gate) { return _eventPollsBeforeDone; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate) { _eventPollsBeforeDone = value; }
        }
    }

    /// <summary>When true, events finish FAILED instead of SUCCEEDED (nothing stored). Read when the add is accepted.</summary>
    public bool FailEvents
    {
        get { lock (_gate) { return _failEvents; } }
        set { lock (_gate) { _failEvents = value; } }
    }

    /// <summary>Clock for created_at/updated_at (default system time).</summary>
    public TimeProvider TimeProvider
    {
        get { lock (_gate) { return _timeProvider; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate) { _timeProvider = value; }
        }
    }

    /// <summary>Every request in arrival order (snapshot copy).</summary>
    public IReadOnlyList<Mem0Request> Requests
    {
        get { lock (_gate) { return [.. _requests.Select(r => r.ToRecord())]; } }
    }

    /// <summary>POST /v3/memories/add/ calls that were processed (not faulted or rejected).</summary>
    public int AddCallsAccepted
    {
        get { lock (_gate) { return _addCallsAccepted; } }
    }

    public static async Task<Mem0Emulator> StartAsync(string apiKey = DefaultApiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();

        var emulator = new Mem0Emulator(app, apiKey);
        app.Run(emulator.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        emulator.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return emulator;
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>What is stored now, oldest first (snapshot); only <paramref name="userId"/>'s memories when given.</summary>
    public IReadOnlyList<Mem0StoredMemory> Memories(string? userId = null)
    {
        lock (_gate)
        {
            return [.. _memories.Where(m => userId is null || string.Equals(m.Entities.UserId, userId, StringComparison.Ordinal)).Select(m => m.ToRecord())];
        }
    }

    /// <summary>Stores a memory directly, as if an earlier add had produced it (no request is recorded).</summary>
    public Mem0StoredMemory Seed(
        string userId,
        string memory,
        JsonObject? metadata = null,
        DateTimeOffset? createdAt = null,
        IEnumerable<string>? categories = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(memory);
        lock (_gate)
        {
            var stored = Store(
                new Entities(userId, null, null, null),
                memory,
                metadata ?? [],
                createdAt is { } at ? Truncate(at) : Now(),
                []);
            stored.Categories = [.. categories ?? []];
            return stored.ToRecord();
        }
    }

    /// <summary>Finishes every queued add now (SUCCEEDED, or FAILED when <see cref="FailEvents"/> was set), as if polled to the end.</summary>
    public void CompletePendingEvents()
    {
        lock (_gate)
        {
            foreach (var pending in _events.Values.Where(e => !e.IsFinished))
            {
                Finish(pending);
            }
        }
    }

    /// <summary>
    /// Faults apply to requests whose path starts with <paramref name="pathPrefix"/> (null = every request), for the
    /// next <paramref name="times"/> matching requests (null = until <see cref="ClearFaults"/>). Several faults are
    /// checked in the order injected; the first that matches answers.
    /// </summary>
    public void InjectFault(Mem0Fault fault, int? times = null, string? pathPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (times is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "A fault applies at least once (null = until cleared).");
        }

        switch (fault)
        {
            case Mem0Fault.Status { Code: < 200 or > 599 } status:
                throw new ArgumentOutOfRangeException(nameof(fault), status.Code, "Status faults answer 200–599.");
            case Mem0Fault.RateLimited { RetryAfter.Ticks: < 0 } limited:
                throw new ArgumentOutOfRangeException(nameof(fault), limited.RetryAfter, "Retry-After cannot be negative.");
            case Mem0Fault.Hang hang when hang.Duration < TimeSpan.Zero && hang.Duration != Timeout.InfiniteTimeSpan:
                throw new ArgumentOutOfRangeException(nameof(fault), hang.Duration, "A hang lasts zero or more time (or Timeout.InfiniteTimeSpan).");
        }

        var prefix = pathPrefix is null || pathPrefix.StartsWith('/') ? pathPrefix : "/" + pathPrefix;
        lock (_gate)
        {
            _faults.Add(new FaultRule(fault, times, prefix));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return;
        }

        var entry = new RequestEntry(
            request.Method,
            request.Path.ToUriComponent() + request.QueryString.ToUriComponent(),
            request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null,
            body);
        Mem0Fault? fault;
        lock (_gate)
        {
            _requests.Add(entry);
            fault = TakeFault(request.Path.Value ?? "/");
        }

        var status = ClientClosedRequest;
        try
        {
            var answered = fault is null
                ? await AnswerAsync(context.Response, Route(request, body), context.RequestAborted)
                : await ApplyFaultAsync(context, fault);
            if (answered)
            {
                status = context.Response.StatusCode;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-answer: recorded as 499.
        }
        finally
        {
            lock (_gate)
            {
                entry.StatusCode = status;
            }
        }
    }

    private Mem0Fault? TakeFault(string path)
    {
        var rule = _faults.Find(f => f.PathPrefix is null || path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
        if (rule is null)
        {
            return null;
        }

        if (rule.Remaining is { } remaining)
        {
            if (remaining <= 1)
            {
                _faults.Remove(rule);
            }
            else
            {
                rule.Remaining = remaining - 1;
            }
        }

        return rule.Fault;
    }

    private async Task<bool> ApplyFaultAsync(HttpContext context, Mem0Fault fault)
    {
        var token = context.RequestAborted;
        switch (fault)
        {
            case Mem0Fault.Status status:
                return await AnswerAsync(context.Response, Error(status.Code, $"Injected fault: HTTP {status.Code}."), token);

            case Mem0Fault.RateLimited limited:
                var seconds = Math.Max(1, (long)Math.Ceiling(limited.RetryAfter.TotalSeconds));
                var reset = TimeProvider.GetUtcNow().ToUnixTimeSeconds() + seconds;
                var headers = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Limit"] = "1000",
                    ["X-RateLimit-Remaining"] = "0",
                    ["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture),
                };
                var throttled = Error(StatusCodes.Status429TooManyRequests, $"Request was throttled. Expected available in {seconds} seconds.") with { Headers = headers };
                return await AnswerAsync(context.Response, throttled, token);

            case Mem0Fault.Hang hang:
                using (var held = CancellationTokenSource.CreateLinkedTokenSource(token, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(hang.Duration, held.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return false;
                    }
                }

                return await AnswerAsync(context.Response, Error(StatusCodes.Status504GatewayTimeout, "Injected fault: the request timed out upstream."), token);

            default:
                throw new InvalidOperationException($"Unknown fault {fault}.");
        }
    }

    private static async Task<bool> AnswerAsync(HttpResponse response, Reply reply, CancellationToken cancellationToken)
    {
        response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (reply.Status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return true;
        }

        response.ContentType = "application/json";
        await response.WriteAsync(reply.Body.ToJsonString(s_json), cancellationToken);
        return true;
    }

    private DateTimeOffset Now() => Truncate(_timeProvider.GetUtcNow());

    /// <summary>Microsecond precision, like the platform, so a rendered timestamp round-trips exactly into a filter.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset instant) =>
        new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    private string Render(DateTimeOffset instant) =>
        instant.ToOffset(_responseOffset).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture);

    private static string NewId() => Guid.NewGuid().ToString("D");

    private static Reply Ok(JsonObject body) => new(StatusCodes.Status200OK, body);

    private static Reply Error(int status, string detail) => new(status, new JsonObject { ["detail"] = detail });

    private static Reply BadRequest(string detail) => Error(StatusCodes.Status400BadRequest, detail);

    private static Reply NotFound(string detail) => Error(StatusCodes.Status404NotFound, detail);

    private sealed record Reply(int Status, JsonObject Body)
    {
        public IReadOnlyDictionary<string, string>? Headers { get; init; }
    }

    private sealed class RequestEntry(string method, string pathAndQuery, string? authorization, string body)
    {
        public int StatusCode { get; set; }

        public Mem0Request ToRecord() => new(method, pathAndQuery, authorization, body, StatusCode);
    }

    private sealed class FaultRule(Mem0Fault fault, int? remaining, string? pathPrefix)
    {
        public Mem0Fault Fault { get; } = fault;

        public int? Remaining { get; set; } = remaining;

        public string? PathPrefix { get; } = pathPrefix;
    }
}
