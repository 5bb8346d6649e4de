using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using MemoryAssistant.Infrastructure.Twilio;
using MemoryAssistant.TestSupport;
using MemoryAssistant.TestSupport.Browser;
using Microsoft.Playwright;

// make demo: the seed story told through WhatsApp webhooks to a running server, then what the REST API and the
// dashboard make of it. Usage: --url http://localhost:5080 [--auth-token T --public-base-url https://…] [--from +E164] [--out dir]
var options = DemoOptions.Parse(args);
using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
await WaitForServerAsync(http);

Console.WriteLine($"MemoryAssistant demo against {options.Url} as {options.From}" + (options.AuthToken is null ? " (unsigned webhooks)" : " (signed webhooks)"));
Console.WriteLine();

var conversation = new List<(string From, string Text)>();

// The photo and the voice note go through the simulator's upload (multipart), like the page sends them:
// made here with ImageMagick and espeak-ng + ffmpeg, the tools the set-up installs.
var work = Directory.CreateTempSubdirectory("memoryassistant-demo-").FullName;
try
{
    var photo = Path.Combine(work, "haircut.jpg");
    await RunAsync("convert", $"-size 900x600 gradient:orange-purple -font DejaVu-Sans-Bold -pointsize 80 -fill white -gravity center -annotate +0+0 \"NEW HAIRCUT\" {photo}");
    var wav = Path.Combine(work, "todo.wav");
    var voice = Path.Combine(work, "todo.ogg");
    await RunAsync("espeak-ng", $"-w {wav} \"remember to call the plumber about the kitchen sink and renew the car insurance\"");
    await RunAsync("ffmpeg", $"-y -loglevel error -i {wav} -c:a libopus -ar 48000 {voice}");
    foreach (var (caption, file, contentType) in new[]
    {
        ("New haircut! Went short on the sides, ask for Marta at Studio 9 next time", photo, "image/jpeg"),
        ("", voice, "audio/ogg"),
    })
    {
        var reply = await SendMediaAsync(http, options, caption, file, contentType);
        var shown = caption.Length > 0 ? $"📷 {caption}" : "🎙️ (voice note)";
        conversation.Add(("you", shown));
        conversation.Add(("assistant", reply));
        Console.WriteLine($"👤 {shown}");
        Console.WriteLine("🤖 " + reply.Replace("\n", "\n   ", StringComparison.Ordinal));
        Console.WriteLine();
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

var story = new[]
{
    "Grocery list: oat milk, eggs, spinach, sourdough and coffee beans #groceries",
    "Dinner plan for Thursday: pasta carbonara, get pancetta on the way home #food",
    "What did I plan for dinner?",
    "Show me my hairstyle update",
    "/list",
};
foreach (var message in story)
{
    var reply = await SendAsync(http, options, message);
    conversation.Add(("you", message));
    conversation.Add(("assistant", reply));
    Console.WriteLine($"👤 {message}");
    Console.WriteLine("🤖 " + reply.Replace("\n", "\n   ", StringComparison.Ordinal));
    Console.WriteLine();
}

var user = Uri.EscapeDataString(options.From);
Console.WriteLine("── GET /interactions/recent?limit=5");
var recent = await GetJsonAsync(http, $"/interactions/recent?limit=5&user={user}");
foreach (var item in recent.EnumerateArray())
{
    var memories = string.Join(", ", item.GetProperty("memoryIds").EnumerateArray().Select(id => "#" + id.GetInt64().ToString(CultureInfo.InvariantCulture)));
    Console.WriteLine($"  {item.GetProperty("receivedAt").GetString()}  {item.GetProperty("direction").GetString(),-8} {item.GetProperty("kind").GetString(),-8} " +
        $"{item.GetProperty("status").GetString(),-9} {Shorten(item.GetProperty("body").GetString()),-50} memories: {(memories.Length == 0 ? "-" : memories)}");
}

Console.WriteLine();
Console.WriteLine("── GET /analytics/summary");
var summary = await GetJsonAsync(http, "/analytics/summary");
var totals = summary.GetProperty("totals");
Console.WriteLine($"  users {totals.GetProperty("users")}, interactions {totals.GetProperty("interactions")}, memories {totals.GetProperty("memories")}, " +
    $"media assets {totals.GetProperty("mediaAssets")}; duplicates absorbed {summary.GetProperty("duplicatesAbsorbed")}, media reused {summary.GetProperty("mediaReused")}");
Console.WriteLine($"  memories by kind: {Pairs(summary.GetProperty("memoriesByKind"))}");
Console.WriteLine($"  interactions by kind: {Pairs(summary.GetProperty("interactionsByKind"))}");
Console.WriteLine("  top tags: " + string.Join(", ", summary.GetProperty("topTags").EnumerateArray().Select(t => $"#{t.GetProperty("tag").GetString()} {t.GetProperty("count")}")));
Console.WriteLine("  days with memories: " + string.Join(", ", summary.GetProperty("memoriesPerDay").EnumerateArray()
    .Where(d => d.GetProperty("count").GetInt32() > 0).Select(d => $"{d.GetProperty("date").GetString()} {d.GetProperty("count")}")));
Console.WriteLine($"  last ingest: {summary.GetProperty("lastIngestAt").GetString()}");
Console.WriteLine();

var shots = await CaptureAsync(http, options, conversation);
var video = await MakeVideoAsync(options.Out, shots);
Console.WriteLine($"Screenshots: {string.Join(", ", shots.Select(Path.GetFileName))}");
Console.WriteLine($"Video: {video}");
return 0;

static async Task WaitForServerAsync(HttpClient http)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (true)
    {
        try
        {
            using var response = await http.GetAsync("/health");
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                return;
        }
        catch (HttpRequestException) when (DateTime.UtcNow < deadline)
        {
        }

        if (DateTime.UtcNow >= deadline)
            throw new TimeoutException($"No server answered {http.BaseAddress}health within 60 s.");
        await Task.Delay(500);
    }
}

static async Task<string> SendAsync(HttpClient http, DemoOptions options, string body)
{
    // "SM" + 32 hex digits, random, so every run's messages are new (the sid is the idempotency key).
    var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    var fields = new List<KeyValuePair<string, string>>
    {
        new("MessageSid", sid),
        new("SmsMessageSid", sid),
        new("AccountSid", "AC" + new string('0', 32)),
        new("From", "whatsapp:" + options.From),
        new("To", "whatsapp:+14155238886"),
        new("Body", body),
        new("NumMedia", "0"),
        new("ProfileName", "Demo"),
        new("WaId", options.From.TrimStart('+')),
    };
    using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new FormUrlEncodedContent(fields) };
    if (options.AuthToken is not null)
    {
        var signedUrl = (options.PublicBaseUrl ?? options.Url).ToString().TrimEnd('/') + "/webhook";
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(options.AuthToken, signedUrl, fields));
    }

    using var response = await http.SendAsync(request);
    var twiml = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
        throw new HttpRequestException($"POST /webhook \"{body}\": {(int)response.StatusCode} {twiml}");
    var document = XDocument.Parse(twiml);
    var texts = document.Descendants("Body").Select(b => b.Value)
        .Concat(document.Descendants("Media").Select(m => "📎 " + m.Value))
        .ToList();
    return texts.Count == 0 ? "(no reply)" : string.Join("\n", texts);
}

// The simulator's upload: it stores the file, posts a Twilio-shaped form to /webhook and returns the reply.
static async Task<string> SendMediaAsync(HttpClient http, DemoOptions options, string caption, string file, string contentType)
{
    using var form = new MultipartFormDataContent
    {
        { new StringContent(options.From), "from" },
        { new StringContent("Demo"), "name" },
        { new StringContent(caption), "text" },
    };
    var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(file));
    bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
    form.Add(bytes, "file", Path.GetFileName(file));
    using var response = await http.PostAsync("/simulator/messages", form);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"POST /simulator/messages answered {(int)response.StatusCode}: {body}");
    using var json = JsonDocument.Parse(body);
    return json.RootElement.GetProperty("reply").GetString() ?? "";
}

static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
{
    using var response = await http.GetAsync(path);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
        throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {text}");
    using var document = JsonDocument.Parse(text);
    return document.RootElement.Clone();
}

static string Pairs(JsonElement counts) => string.Join(", ", counts.EnumerateObject().Select(p => $"{p.Name} {p.Value}"));

static string Shorten(string? text)
{
    var line = (text ?? "").ReplaceLineEndings(" ");
    return line.Length <= 48 ? line : line[..47] + "…";
}

static async Task<List<string>> CaptureAsync(HttpClient http, DemoOptions options, IReadOnlyList<(string From, string Text)> conversation)
{
    Directory.CreateDirectory(options.Out);
    foreach (var stale in Directory.EnumerateFiles(options.Out, "*.png").Concat(Directory.EnumerateFiles(options.Out, "*.mp4")))
        File.Delete(stale);

    await using var chromium = await HeadlessChromium.LaunchAsync();
    var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
    var shots = new List<string>();

    async Task ShootAsync(string name)
    {
        var path = Path.Combine(options.Out, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        shots.Add(path);
    }

    await page.SetContentAsync(ConversationPage(options.From, conversation));
    await ShootAsync("01-conversation.png");

    foreach (var (name, path) in new[] { ("02-dashboard-user.png", $"dashboard?user={Uri.EscapeDataString(options.From)}"), ("03-dashboard-everyone.png", "dashboard") })
    {
        await page.GotoAsync(new Uri(options.Url, path).ToString(), new PageGotoOptions { Timeout = 15_000 });
        await page.WaitForSelectorAsync("#status[data-state=ready]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await ShootAsync(name);
    }

    // The WhatsApp-like simulator is optional: recorded only where the server has it.
    using var simulator = await http.GetAsync("/simulator");
    if (simulator.StatusCode == HttpStatusCode.OK)
    {
        await page.GotoAsync(new Uri(options.Url, "simulator").ToString(), new PageGotoOptions { Timeout = 15_000, WaitUntil = WaitUntilState.NetworkIdle });
        // The demo user asks in the page itself, so the picture shows a real exchange.
        await page.Locator("#from").FillAsync(options.From);
        await page.Locator("#from").DispatchEventAsync("change");
        foreach (var question in new[] { "Show me my hairstyle update", "what did I plan for dinner?" })
        {
            var answers = await page.Locator(".msg.in:not(.typing)").CountAsync();
            await page.Locator("#text").FillAsync(question);
            await page.Locator("#send").ClickAsync();
            await page.Locator(".msg.in:not(.typing)").Nth(answers).WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        }

        await page.WaitForTimeoutAsync(500);
        await ShootAsync("04-simulator.png");
    }
    else
    {
        Console.WriteLine($"(GET /simulator answered {(int)simulator.StatusCode}: not recorded)");
    }

    return shots;
}

static string ConversationPage(string from, IReadOnlyList<(string From, string Text)> conversation)
{
    var html = new StringBuilder(
        """
        <!doctype html><html><head><meta charset="utf-8"><style>
        body { margin: 0; font-family: system-ui, sans-serif; background: #efeae2; }
        header { background: #075e54; color: #fff; padding: 14px 24px; font-size: 18px; font-weight: 600; }
        .chat { max-width: 860px; margin: 0 auto; padding: 16px; display: flex; flex-direction: column; gap: 8px; }
        .msg { max-width: 70%; padding: 8px 12px; border-radius: 8px; white-space: pre-wrap; font-size: 14px; box-shadow: 0 1px 1px #0002; }
        .you { align-self: flex-end; background: #d9fdd3; } .assistant { align-self: flex-start; background: #fff; }
        </style></head><body>
        """);
    html.Append(CultureInfo.InvariantCulture, $"<header>MemoryAssistant · WhatsApp conversation with {WebUtility.HtmlEncode(from)}</header><div class=\"chat\">");
    foreach (var (who, text) in conversation)
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"msg {who}\">{WebUtility.HtmlEncode(text)}</div>");
    return html.Append("</div></body></html>").ToString();
}

static async Task<string> MakeVideoAsync(string directory, IReadOnlyList<string> shots)
{
    // One frame a second; each screenshot held for three seconds. Frames are numbered copies so gaps don't matter.
    var frames = Directory.CreateTempSubdirectory("memoryassistant-demo-");
    try
    {
        var index = 0;
        foreach (var shot in shots)
        {
            for (var repeat = 0; repeat < 3; repeat++)
                File.Copy(shot, Path.Combine(frames.FullName, $"frame-{index++:D3}.png"));
        }

        var encoder = (await RunAsync("ffmpeg", "-hide_banner -encoders")).Contains(" libx264 ", StringComparison.Ordinal) ? "libx264" : "mpeg4";
        var output = Path.Combine(directory, "demo.mp4");
        await RunAsync("ffmpeg",
            $"-hide_banner -loglevel error -y -framerate 1 -i \"{Path.Combine(frames.FullName, "frame-%03d.png")}\" " +
            $"-vf \"scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p\" -r 25 -c:v {encoder} -movflags +faststart \"{output}\"");
        return $"{output} ({encoder}, {shots.Count * 3} s)";
    }
    finally
    {
        frames.Delete(recursive: true);
    }
}

static async Task<string> RunAsync(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
        ?? throw new InvalidOperationException($"Could not start {file}.");
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
        throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await stderr}");
    return await stdout;
}

/// <summary>The demo's command line.</summary>
internal sealed record DemoOptions(Uri Url, string? AuthToken, Uri? PublicBaseUrl, string From, string Out)
{
    public static DemoOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var url = new Uri(Value("--url") ?? "http://localhost:5080");
        var publicBaseUrl = Value("--public-base-url") is { } publicBase ? new Uri(publicBase) : null;
        var authToken = Value("--auth-token") is { Length: > 0 } token ? token : null;
        return new DemoOptions(url, authToken, publicBaseUrl, Value("--from") ?? "+14155550123",
            Path.GetFullPath(Value("--out") ?? Path.Combine(RepoPaths.Root, "docs", "demo")));
    }
}
