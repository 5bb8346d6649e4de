using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.TestSupport.Browser;
using Microsoft.Playwright;

namespace MemoryAssistant.Api.IntegrationTests.Dashboard;

/// <summary>GET /dashboard: the page and its assets, and what a real browser draws from the REST API.</summary>
public sealed class DashboardTests : IDisposable
{
    private const string Lisbon = "+351912345678";
    private const string Tokyo = "+81312345678";
    private const float Timeout = 15_000;

    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Page_WhenRequested_IsHtmlThatLoadsItsOwnAssets()
    {
        var http = _app.CreateHttpClient();

        using var page = await http.GetAsync("/dashboard");
        var html = await page.Content.ReadAsStringAsync();

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType?.MediaType.Should().Be("text/html");
        html.Should().Contain("/dashboard/assets/dashboard.css").And.Contain("/dashboard/assets/dashboard.js");
        html.Should().NotContain("https://", "the page uses no CDN");
        page.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'");
    }

    [Theory]
    [InlineData("dashboard.css", "text/css")]
    [InlineData("dashboard.js", "text/javascript")]
    public async Task Asset_WhenKnown_IsServedWithItsContentType(string name, string mediaType)
    {
        var http = _app.CreateHttpClient();

        using var response = await http.GetAsync($"/dashboard/assets/{name}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be(mediaType);
        response.Content.Headers.ContentType?.CharSet.Should().Be("utf-8");
        (await response.Content.ReadAsStringAsync()).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("missing.js")]
    [InlineData("DASHBOARD.JS")]
    [InlineData("..%2FProgram.cs")]
    [InlineData("MemoryAssistant.Api.dll")]
    public async Task Asset_WhenUnknown_Returns404(string name)
    {
        var http = _app.CreateHttpClient();

        using var response = await http.GetAsync($"/dashboard/assets/{name}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Page_WithApiKeysConfigured_IsServedWithoutAKeyButItsDataIsNot()
    {
        using var app = new ApiFactory(new Dictionary<string, string?> { ["Api:Keys:0"] = "dashboard-test-key" });
        var http = app.CreateHttpClient();

        using var page = await http.GetAsync("/dashboard");
        using var summary = await http.GetAsync("/analytics/summary");

        page.StatusCode.Should().Be(HttpStatusCode.OK, "the page holds no data");
        await summary.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Page_InABrowser_ShowsTheSummaryTotalsTagsAndRecentInteractions()
    {
        var lisbon = _app.CreateWhatsAppClient(Lisbon);
        await lisbon.SendAsync("Try the new ramen place on Rua Augusta #food");
        await lisbon.SendAsync("Buy oat milk and sourdough #food");
        await lisbon.SendAsync("Bike lock code is 4711");
        await _app.CreateWhatsAppClient(Tokyo).SendAsync("Passport renewal appointment on Friday");
        var baseAddress = lisbon.Http.BaseAddress!;

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await OpenAsync(page, new Uri(baseAddress, "dashboard"));

        (await TotalAsync(page, "memories")).Should().Be("4");
        (await TotalAsync(page, "interactions")).Should().Be("4");
        (await TotalAsync(page, "duplicatesAbsorbed")).Should().Be("0");
        (await TotalAsync(page, "mediaReused")).Should().Be("0");
        (await TotalAsync(page, "lastIngestAt")).Should().StartWith("2026-11-24T10:00");
        (await page.GetAttributeAsync("[data-chart=top-tags] [data-tag=food]", "data-count")).Should().Be("2");
        (await page.TextContentAsync("[data-chart=top-tags] [data-tag=food]")).Should().Be("#food2", "the bar is labelled with its tag and count");
        (await page.GetAttributeAsync("rect[data-day='2026-11-24'][data-kind=text]", "data-count")).Should().Be("4");
        (await page.Locator("#recent tbody tr[data-interaction]").CountAsync()).Should().Be(4);

        await OpenAsync(page, new Uri(baseAddress, $"dashboard?user={Uri.EscapeDataString(Lisbon)}"));

        (await page.InputValueAsync("#user")).Should().Be(Lisbon);
        (await TotalAsync(page, "memories")).Should().Be("3");
        (await TotalAsync(page, "interactions")).Should().Be("3");
        (await page.GetAttributeAsync("[data-chart=top-tags] [data-tag=food]", "data-count")).Should().Be("2");
        (await page.Locator("#recent tbody tr[data-interaction]").CountAsync()).Should().Be(3);
        (await page.Locator("#recent [data-memory]").CountAsync()).Should().Be(3, "each note produced one memory");
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Page_InABrowser_ForAnUnknownUser_ShowsTheApisError()
    {
        var baseAddress = _app.CreateHttpClient().BaseAddress!;
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();

        await page.GotoAsync(new Uri(baseAddress, "dashboard?user=%2B14155550999").ToString(), new PageGotoOptions { Timeout = Timeout });
        await page.WaitForSelectorAsync("#status[data-state=error]", new PageWaitForSelectorOptions { Timeout = Timeout });

        (await page.InnerTextAsync("#status")).Should().Contain("404");
    }

    private static async Task OpenAsync(IPage page, Uri url)
    {
        await page.GotoAsync(url.ToString(), new PageGotoOptions { Timeout = Timeout });
        await page.WaitForSelectorAsync("#status[data-state=ready]", new PageWaitForSelectorOptions { Timeout = Timeout });
    }

    private static Task<string?> TotalAsync(IPage page, string name) => page.GetAttributeAsync($"[data-total={name}]", "data-value");
}
