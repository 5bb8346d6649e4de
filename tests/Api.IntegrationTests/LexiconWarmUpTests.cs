using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>
/// The lexicons (mood, topics, cities) are read in the background once the app has started, before any message
/// needs them; a missing lexicon directory is not an error there (its features are off, /health says why).
/// </summary>
public sealed class LexiconWarmUpTests
{
    [Fact]
    public async Task AfterStart_TheLexiconsAreReadWithoutAnyMessage()
    {
        var logs = new CapturingLoggerProvider();
        using var app = new ApiFactory { Logs = logs };

        (await app.CreateHttpClient().GetAsync("/health")).IsSuccessStatusCode.Should().BeTrue();

        (await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("Lexicons ready in", StringComparison.Ordinal))))
            .Should().BeTrue("the warm-up runs on its own after start");
        logs.Lines.Should().NotContain(l => l.Contains("Warming up the lexicons failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutLexicons_TheWarmUpHasNothingToReport_AndNotesAreStillSaved()
    {
        var logs = new CapturingLoggerProvider();
        var missing = Path.Combine(Path.GetTempPath(), "no-lexicons-" + Guid.NewGuid().ToString("N"));
        using var app = new ApiFactory(new Dictionary<string, string?> { ["Lexicons:Directory"] = missing }) { Logs = logs };

        (await app.CreateWhatsAppClient().SendAsync("Dinner with Marta on Friday")).Should().StartWith("✅ Saved");

        (await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("Lexicons ready in", StringComparison.Ordinal)))).Should().BeTrue();
        logs.Lines.Should().NotContain(l => l.Contains("Warming up the lexicons failed", StringComparison.Ordinal));
    }
}
