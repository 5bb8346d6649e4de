using System.Net.Http.Json;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Moods;

/// <summary>Notes get a mood when saved; "how have I been feeling this week?" sums it up; analytics shows it per day.</summary>
public sealed class MoodTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();
    private readonly WhatsAppClient _whatsapp;

    public MoodTests() => _whatsapp = _app.CreateWhatsAppClient(User);

    public void Dispose() => _app.Dispose();

    private async Task NoteOnAsync(int day, string text)
    {
        _app.Clock.Set(Instant.FromUtc(2026, 11, day, 20, 0));
        await _whatsapp.SendAsync(text);
    }

    [Fact]
    public async Task FeelingQuestion_SumsUpTheWeeksMoods_AndAnalyticsShowsThemPerDay()
    {
        await NoteOnAsync(10, "Awful day, the boss yelled at me and I'm furious");
        await NoteOnAsync(18, "So grateful for my friends, what a lovely dinner 😊");
        await NoteOnAsync(19, "Exhausted after the deadline, so stressed");
        await NoteOnAsync(20, "Great run this morning, feeling proud!");
        await NoteOnAsync(21, "Wifi password is tiger123");
        _app.Clock.Set(Instant.FromUtc(2026, 11, 22, 10, 0));

        var reply = await _whatsapp.SendAsync("how have I been feeling this week?");

        reply.Should().Contain("this week").And.NotContain("furious", "the 10th is outside this week");
        (await _app.QueryAsync<string>("SELECT coalesce(mood_valence, '-') FROM memories ORDER BY id"))
            .Should().Equal("negative", "positive", "negative", "positive", "neutral");
        (await _app.QueryAsync<string>("SELECT coalesce(mood_emotion, '-') FROM memories WHERE id = 3")).Single().Should().BeOneOf("stress", "tiredness");

        var summary = await _whatsapp.Http.GetFromJsonAsync<JsonElement>($"/analytics/summary?user={Uri.EscapeDataString(User)}");
        var days = summary.GetProperty("moodPerDay").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!);
        days["2026-11-18"].GetProperty("positive").GetInt32().Should().Be(1);
        days["2026-11-19"].GetProperty("negative").GetInt32().Should().Be(1);
        days["2026-11-19"].GetProperty("averageScore").GetDouble().Should().BeLessThan(0);
        days["2026-11-17"].GetProperty("averageScore").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Questions_AndCommands_GetNoMood()
    {
        await _whatsapp.SendAsync("I love this new cafe");
        await _whatsapp.SendAsync("what did I love?");

        (await _app.CountAsync("SELECT COUNT(*) FROM memories WHERE mood_valence IS NOT NULL")).Should().Be(1);
    }
}
