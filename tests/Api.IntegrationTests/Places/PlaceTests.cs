using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Places;

/// <summary>
/// Shared locations and photo GPS become geo-tagged memories; "this is the office" names a place; "near the
/// office" and "photos from Lisbon" filter by distance in SQL.
/// </summary>
public sealed class PlaceTests : IDisposable
{
    private const string User = "+351912345678";
    private static readonly (double Lat, double Lon) s_office = (38.7369, -9.1427); // Saldanha, Lisbon
    private static readonly (double Lat, double Lon) s_porto = (41.1496, -8.6110);
    private readonly ApiFactory _app = new();
    private readonly WhatsAppClient _whatsapp;
    private readonly string _work = Directory.CreateTempSubdirectory("places-").FullName;

    public PlaceTests() => _whatsapp = _app.CreateWhatsAppClient(User);

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private async Task<string> ShareLocationAsync((double Lat, double Lon) at, string? label = null, string? address = null, string body = "")
    {
        var form = _whatsapp.Form(body, WhatsAppClient.NewMessageSid());
        form["Latitude"] = at.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        form["Longitude"] = at.Lon.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (label is not null)
            form["Label"] = label;
        if (address is not null)
            form["Address"] = address;
        using var response = await _whatsapp.PostAsync(form);
        response.EnsureSuccessStatusCode();
        return WhatsAppClient.ReplyText(await response.Content.ReadAsStringAsync());
    }

    private async Task SendPhotoAsync(string caption, (double Lat, double Lon) gps)
    {
        var photo = await MediaFiles.PhotoAsync(_work, caption.ToUpperInvariant(), exifDateTime: "2026:11:20 12:00:00", gps: gps);
        var form = _whatsapp.Form(caption, WhatsAppClient.NewMessageSid("MM"));
        form["NumMedia"] = "1";
        form["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(photo, "image/jpeg");
        form["MediaContentType0"] = "image/jpeg";
        using var sent = await _whatsapp.PostAsync(form);
        sent.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task NamedPlace_FindsWhatWasSavedNearIt_AndNotWhatWasSavedElsewhere()
    {
        var shared = await ShareLocationAsync(s_office, body: "new office, 4th floor");
        var named = await _whatsapp.SendAsync("this is the office");
        _app.Clock.Advance(Duration.FromMinutes(5));
        await ShareLocationAsync((38.7380, -9.1440), label: "Café Sem Nome", body: "good espresso next to work");
        await ShareLocationAsync(s_porto, label: "Livraria Lello", body: "bookshop with the staircase");

        var near = await _whatsapp.SendAsync("what did I save near the office?");

        shared.Should().Contain("Lisbon").And.Contain("this is the office");
        named.Should().Contain("*office*");
        near.Should().Contain("near the office").And.Contain("4th floor").And.Contain("espresso").And.NotContain("staircase");
    }

    [Fact]
    public async Task PhotosFromACity_AreFoundByTheirGps()
    {
        await SendPhotoAsync("tram ride", (38.7139, -9.1334));
        await SendPhotoAsync("francesinha lunch", s_porto);
        (await Eventually.TrueAsync(async () => (await _whatsapp.Http.ListMemoriesAsync(User)).Count == 2, TimeSpan.FromSeconds(60))).Should().BeTrue();

        var lisbon = await _whatsapp.SendAsync("show me photos from Lisbon");
        var porto = await _whatsapp.SendAsync("photos from porto");

        lisbon.Should().Contain("in Lisbon").And.Contain("tram").And.NotContain("francesinha");
        porto.Should().Contain("in Porto").And.Contain("francesinha").And.NotContain("tram");
        (await _app.QueryAsync<string>("SELECT place_name FROM memories ORDER BY id")).Should().Equal("Lisbon, Portugal", "Porto, Portugal");
    }

    [Fact]
    public async Task RestSearch_ReportsThePlace_AndTheMemoryCarriesItsCoordinates()
    {
        await ShareLocationAsync(s_porto, label: "Livraria Lello");

        using var response = await _whatsapp.Http.GetAsync($"/memories?user={Uri.EscapeDataString(User)}&query={Uri.EscapeDataString("what did I save in Porto?")}");
        var body = await response.JsonAsync();

        body.GetProperty("interpretation").GetProperty("place").GetString().Should().Be("in Porto");
        var memory = body.GetProperty("hits")[0].GetProperty("memory");
        memory.GetProperty("place").GetProperty("latitude").GetDouble().Should().BeApproximately(s_porto.Lat, 1e-6);
        memory.GetProperty("place").GetProperty("name").GetString().Should().Be("Livraria Lello");
    }

    [Fact]
    public async Task LocationInAnotherZone_OffersTheSwitch_WithoutChangingIt()
    {
        var reply = await ShareLocationAsync((40.7580, -73.9855), label: "Times Square");

        reply.Should().Contain("/tz America/New_York");
        (await _app.QueryAsync<string>("SELECT time_zone_id FROM users")).Should().Equal("Europe/Lisbon");
        (await _whatsapp.SendAsync("/tz America/New_York")).Should().Contain("America/New_York");
    }

    [Fact]
    public async Task ThisIsTheOffice_WithoutARecentLocation_IsJustANote()
    {
        var reply = await _whatsapp.SendAsync("this is the office");

        reply.Should().StartWith("✅ Saved");
        (await _app.CountAsync("SELECT COUNT(*) FROM saved_places")).Should().Be(0);
    }
}
