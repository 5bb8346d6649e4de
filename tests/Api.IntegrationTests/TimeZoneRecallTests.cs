using MemoryAssistant.Api.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>Time phrases are read in the user's own zone: DST days, the date line, and times shown in answers.</summary>
public sealed class TimeZoneRecallTests : IDisposable
{
    private const string Berlin = "+4915123456789";

    private readonly ApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task LastWeek_AcrossTheSpringForwardSunday_EndsAtLocalMidnight()
    {
        // Wed 1 Apr 2026; Berlin moved from +01:00 to +02:00 at 02:00 on Sun 29 Mar, so last week is 167 hours long.
        _app.Clock.Set(Instant.FromUtc(2026, 4, 1, 12, 0));
        var http = _app.CreateHttpClient();
        await http.AddMemoryAsync(Berlin, "Saturday night out at the Kreuzberg jazz bar", "2026-03-28T20:00:00+01:00");
        await http.AddMemoryAsync(Berlin, "Clocks go forward tonight, set the oven clock", "2026-03-29T00:30:00+01:00");
        await http.AddMemoryAsync(Berlin, "Sunday roast leftovers in the fridge", "2026-03-29T23:30:00+02:00");
        await http.AddMemoryAsync(Berlin, "Monday: sprint planning moved to 10:00", "2026-03-30T00:30:00+02:00");
        await http.AddMemoryAsync(Berlin, "Two weeks ago: dentist check-up done", "2026-03-22T23:30:00+01:00");

        var result = await http.SearchAsync(Berlin, "what did I save last week?");

        result.HitContents().Should().BeEquivalentTo(
            "Saturday night out at the Kreuzberg jazz bar",
            "Clocks go forward tonight, set the oven clock",
            "Sunday roast leftovers in the fridge");
        var interpretation = result.GetProperty("interpretation");
        interpretation.Str("timeZone").Should().Be("Europe/Berlin");
        interpretation.Str("from").Should().Be("2026-03-23T00:00:00+01:00");
        interpretation.Str("to").Should().Be("2026-03-30T00:00:00+02:00");
        var hits = result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("memory")).ToList();
        hits.Should().ContainSingle(m => m.Str("occurredAt") == "2026-03-29T00:30:00+01:00");
        hits.Should().ContainSingle(m => m.Str("occurredAt") == "2026-03-29T23:30:00+02:00");
    }

    [Fact]
    public async Task LastWeek_WithSearchWords_AcrossTheSpringForwardSunday()
    {
        _app.Clock.Set(Instant.FromUtc(2026, 4, 1, 12, 0));
        var http = _app.CreateHttpClient();
        await http.AddMemoryAsync(Berlin, "Oven clock still on winter time", "2026-03-29T00:30:00+01:00");
        await http.AddMemoryAsync(Berlin, "Fixed the oven clock at last", "2026-03-29T23:30:00+02:00");
        await http.AddMemoryAsync(Berlin, "Oven clock is fine now, bought a new timer", "2026-03-30T00:30:00+02:00");

        var result = await http.SearchAsync(Berlin, "oven clock last week");

        result.HitContents().Should().BeEquivalentTo("Oven clock still on winter time", "Fixed the oven clock at last");
    }

    [Fact]
    public async Task Yesterday_InKiritimati_IsTheLocalDayNotTheUtcDay()
    {
        // 22:00 UTC on Tue 24 Nov is 12:00 on Wed 25 Nov in Kiritimati (UTC+14): yesterday is Tue 24 Nov there.
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 22, 0));
        const string user = "+68672012345";
        var whatsapp = _app.CreateWhatsAppClient(user);
        (await whatsapp.SendAsync("/tz Pacific/Kiritimati")).Should().Contain("Pacific/Kiritimati");
        var http = whatsapp.Http;
        await http.AddMemoryAsync(user, "Day before: fishing trip to the lagoon", "2026-11-23T23:30:00+14:00");
        await http.AddMemoryAsync(user, "Early: coconut crab sighting by the airstrip", "2026-11-24T00:30:00+14:00");
        await http.AddMemoryAsync(user, "Late: supply ship arrives Thursday, order rice", "2026-11-24T23:30:00+14:00");
        await http.AddMemoryAsync(user, "Today: snorkel gear returned", "2026-11-25T00:30:00+14:00");

        var result = await http.SearchAsync(user, "what did I save yesterday?");

        result.HitContents().Should().Equal(
            "Late: supply ship arrives Thursday, order rice",
            "Early: coconut crab sighting by the airstrip");
        var interpretation = result.GetProperty("interpretation");
        interpretation.Str("timeZone").Should().Be("Pacific/Kiritimati");
        interpretation.Str("from").Should().Be("2026-11-24T00:00:00+14:00");
        interpretation.Str("to").Should().Be("2026-11-25T00:00:00+14:00");

        var answer = await whatsapp.SendAsync("What did I save yesterday?");
        answer.Should().Contain("Tue 24 Nov, 23:30").And.Contain("supply ship").And.NotContain("snorkel").And.NotContain("fishing");
    }

    [Fact]
    public async Task Yesterday_InPagoPago_IsTheLocalDayNotTheUtcDay()
    {
        // 22:00 UTC on Tue 24 Nov is 11:00 on Tue 24 Nov in Pago Pago (UTC-11): yesterday is Mon 23 Nov there.
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 22, 0));
        const string user = "+16846331234";
        var whatsapp = _app.CreateWhatsAppClient(user);
        (await whatsapp.SendAsync("/tz Pacific/Pago_Pago")).Should().Contain("Pacific/Pago_Pago");
        var http = whatsapp.Http;
        await http.AddMemoryAsync(user, "Day before: palolo worms season starts", "2026-11-22T23:30:00-11:00");
        await http.AddMemoryAsync(user, "Early: ferry to Ofu booked", "2026-11-23T00:30:00-11:00");
        await http.AddMemoryAsync(user, "Late: church choir practice moved to Sunday", "2026-11-23T23:30:00-11:00");
        await http.AddMemoryAsync(user, "Today: rain gauge reads 40 mm", "2026-11-24T00:30:00-11:00");

        var result = await http.SearchAsync(user, "what did I save yesterday?");

        result.HitContents().Should().Equal(
            "Late: church choir practice moved to Sunday",
            "Early: ferry to Ofu booked");
        var interpretation = result.GetProperty("interpretation");
        interpretation.Str("timeZone").Should().Be("Pacific/Pago_Pago");
        interpretation.Str("from").Should().Be("2026-11-23T00:00:00-11:00");
        interpretation.Str("to").Should().Be("2026-11-24T00:00:00-11:00");
    }

    [Fact]
    public async Task LosAngelesNumber_SeesAnswerTimesInPacificTime()
    {
        const string user = "+14155550100";
        var whatsapp = _app.CreateWhatsAppClient(user);
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 5, 30)); // Mon 23 Nov, 21:30 PST
        await whatsapp.SendAsync("Plumber confirmed for Thursday 9am, kitchen tap");
        _app.Clock.Set(Instant.FromUtc(2026, 11, 24, 10, 0)); // Tue 24 Nov, 02:00 PST

        var answer = await whatsapp.SendAsync("When is the plumber coming?");
        var yesterday = await whatsapp.SendAsync("What did I save yesterday?");

        answer.Should().Contain("Mon 23 Nov, 21:30").And.Contain("Plumber confirmed");
        yesterday.Should().Contain("Mon 23 Nov, 21:30").And.Contain("Plumber confirmed");
        var memory = (await whatsapp.Http.ListMemoriesAsync(user)).Should().ContainSingle().Subject;
        memory.Str("timeZone").Should().Be("America/Los_Angeles");
        memory.Str("occurredAt").Should().Be("2026-11-23T21:30:00-08:00");
        var tz = await whatsapp.SendAsync("/tz");
        tz.Should().Contain("America/Los_Angeles").And.Contain("Tue 24 Nov, 02:00");
    }
}
