using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.TestSupport.Browser;
using Microsoft.Playwright;

namespace MemoryAssistant.Api.IntegrationTests.Simulator;

public sealed class SimulatorBrowserTests : IDisposable
{
    private const float Timeout = 15_000;
    private readonly string _work = Directory.CreateTempSubdirectory("simulator-browser").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Page_WhenNoteThenQuestion_ThenShowsTheAnswerBubble()
    {
        using var app = new ApiFactory();
        var baseAddress = app.CreateHttpClient().BaseAddress!;
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await OpenAsync(chromium, baseAddress);

        await SendAsync(page, "Dinner plan: pasta carbonara tonight, get pancetta");
        await Assertions.Expect(page.Locator(".msg.in").Filter(new() { HasText = "Saved" })).ToBeVisibleAsync(new() { Timeout = Timeout });
        await SendAsync(page, "What did I plan for dinner?");

        await Assertions.Expect(page.Locator(".msg.in")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator(".msg.in").Last).ToContainTextAsync("pasta carbonara", new() { Timeout = Timeout });
    }

    [Fact]
    public async Task Page_WhenPhotoAttached_ThenShowsTheSavedReply()
    {
        using var app = new ApiFactory(new Dictionary<string, string?> { ["PublicBaseUrl"] = null });
        var baseAddress = app.CreateHttpClient().BaseAddress!;
        var photo = Path.Combine(_work, "fridge.jpg");
        await File.WriteAllBytesAsync(photo, await MediaFiles.PhotoAsync(_work, "MILK EGGS BREAD"));
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await OpenAsync(chromium, baseAddress);

        await page.Locator("#file").SetInputFilesAsync(photo);
        await SendAsync(page, "shopping list on the fridge");

        await Assertions.Expect(page.Locator(".msg.out img")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator(".msg.in").Filter(new() { HasText = "Saved your photo" })).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    private static async Task<IPage> OpenAsync(HeadlessChromium chromium, Uri baseAddress)
    {
        var page = await chromium.Browser.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync(new Uri(baseAddress, "/simulator").AbsoluteUri);
        await page.Locator("#from").FillAsync("+351933444555");
        await page.Locator("#from").DispatchEventAsync("change");
        await page.Locator("#name").FillAsync("Browser User");
        return page;
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.Locator("#text").FillAsync(text);
        await page.Locator("#send").ClickAsync();
    }
}
