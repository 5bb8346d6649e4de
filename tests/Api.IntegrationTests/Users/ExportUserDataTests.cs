using System.IO.Compression;
using System.Net;
using System.Text.Json;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace MemoryAssistant.Api.IntegrationTests.Users;

/// <summary>
/// "Your data in your hands", the export: what arrived through the signed webhook (a note, a photo, a voice note)
/// comes back as one ZIP from <c>GET /users/{id}/export</c> or a signed link, every file vouched for by the manifest.
/// </summary>
public sealed class ExportUserDataTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly string _work = Directory.CreateTempSubdirectory("export-tests-").FullName;

    // Pocketsphinx may take a few seconds: the webhook waits for the result rather than acknowledging.
    private readonly ApiFactory _app = new(new Dictionary<string, string?> { ["Media:ReplyBudget"] = "00:01:00" });
    private readonly WhatsAppClient _whatsapp;

    public ExportUserDataTests() => _whatsapp = _app.CreateWhatsAppClient(User);

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Export_AfterANotePhotoAndVoiceNote_ZipHoldsEveryFileAndTheManifestVouchesForEach()
    {
        (await _whatsapp.SendAsync("/tz America/New_York")).Should().Contain("New_York");
        var noteSid = WhatsAppClient.NewMessageSid();
        (await _whatsapp.SendAsync("Parked on level 3, spot B12 #car", noteSid)).Should().StartWith("✅ Saved");
        var photo = await MediaFiles.PhotoAsync(_work, "SPOT B12", gradient: "white-lightblue");
        (await _whatsapp.SendMediaAsync("where I parked", photo, "image/jpeg")).Should().StartWith("📷 Saved your photo");
        var voice = await MediaFiles.VoiceNoteAsync(_work, "remember to buy milk eggs and bread for dinner tonight");
        (await _whatsapp.SendMediaAsync("", voice, "audio/ogg")).Should().StartWith("🎙️ Saved your voice note");
        var userId = _app.UserIdOf(User);
        var externalId = _app.ExternalIdOf(User);

        using var response = await _whatsapp.Http.GetAsync($"/users/{userId}/export");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        // 10:00 UTC on Tue 24 Nov 2026 is 05:00 in New York: the file is dated in the user's zone.
        response.Content.Headers.ContentDisposition.FileName.Should().Be($"memoryassistant-export-{externalId}-20261124.zip");
        response.Headers.CacheControl!.NoStore.Should().BeTrue("personal data is not cached");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);

        zip.Entries[^1].FullName.Should().Be("manifest.json", "the manifest lists the other entries, so it is written last");
        var manifest = zip.Json("manifest.json");
        manifest.Str("format").Should().Be("memoryassistant-export");
        manifest.GetProperty("version").GetInt32().Should().Be(1);
        manifest.Str("exportedAt").Should().StartWith("2026-11-24T05:").And.EndWith("-05:00");
        var user = manifest.GetProperty("user");
        user.Str("number").Should().Be(User);
        user.Str("profileName").Should().Be("Test User");
        user.Str("timeZone").Should().Be("America/New_York");
        user.Str("createdAt").Should().EndWith("-05:00");
        var counts = manifest.GetProperty("counts");
        counts.GetProperty("interactions").GetInt32().Should().Be(4).And.Be((int)_app.CountRows("interactions"));
        counts.GetProperty("memories").GetInt32().Should().Be(3);
        counts.GetProperty("transcripts").GetInt32().Should().Be(1);
        counts.GetProperty("mediaFiles").GetInt32().Should().Be(2);
        counts.GetProperty("reminders").GetInt32().Should().Be(0);
        counts.GetProperty("places").GetInt32().Should().Be(0);

        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        files.Select(f => f.Str("path")).Should().BeEquivalentTo(zip.Entries.Select(e => e.FullName).Where(n => n != "manifest.json"),
            "every other entry is listed, once");
        foreach (var file in files)
        {
            var bytes = zip.Bytes(file.Str("path"));
            file.GetProperty("bytes").GetInt64().Should().Be(bytes.LongLength, file.Str("path"));
            file.Str("sha256").Should().Be(UserDataFixtures.Sha256(bytes), file.Str("path"));
        }

        var interactions = zip.Json("interactions.json").EnumerateArray().ToList();
        interactions.Should().HaveCount(4);
        var noteInteraction = interactions.Single(i => i.GetProperty("messageSid").GetString() == noteSid);
        noteInteraction.Str("direction").Should().Be("inbound");
        noteInteraction.Str("channel").Should().Be("whatsapp");
        noteInteraction.Str("body").Should().Be("Parked on level 3, spot B12 #car");
        noteInteraction.Str("reply").Should().StartWith("✅ Saved");
        noteInteraction.Str("status").Should().Be("processed");
        noteInteraction.Str("receivedAt").Should().EndWith("-05:00");

        var memories = zip.Json("memories.json").EnumerateArray().ToList();
        memories.Should().HaveCount(3);
        var note = memories.Single(m => m.Str("kind") == "text");
        note.Str("content").Should().Contain("spot B12");
        note.GetProperty("interactionId").GetInt64().Should().Be(noteInteraction.GetProperty("id").GetInt64());
        note.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Contain("car");
        note.Str("occurredAt").Should().EndWith("-05:00");
        note.GetProperty("media").ValueKind.Should().Be(JsonValueKind.Null);

        var photoSha = UserDataFixtures.Sha256(photo);
        var photoMemory = memories.Single(m => m.Str("kind") == "image");
        photoMemory.GetProperty("media").Str("sha256").Should().Be(photoSha);
        photoMemory.GetProperty("media").Str("contentType").Should().Be("image/jpeg");
        photoMemory.GetProperty("media").Str("path").Should().Be($"media/{photoSha}.jpg");
        zip.Bytes($"media/{photoSha}.jpg").Should().Equal(photo, "the photo comes back byte for byte");

        var voiceSha = UserDataFixtures.Sha256(voice);
        zip.Bytes($"media/{voiceSha}.ogg").Should().Equal(voice);
        var transcript = zip.Json("transcripts.json").EnumerateArray().Should().ContainSingle().Subject;
        transcript.Str("mediaSha256").Should().Be(voiceSha);
        transcript.Str("mediaPath").Should().Be($"media/{voiceSha}.ogg");
        transcript.Str("engine").Should().Be("pocketsphinx");
        transcript.Str("text").Should().NotBeEmpty();
        zip.Json("reminders.json").GetArrayLength().Should().Be(0);
        zip.Json("places.json").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task ExportLink_SignedForTheUser_StreamsTheZip_AndATamperedOrExpiredLinkIs404()
    {
        (await _whatsapp.SendAsync("Passport is in the top drawer")).Should().StartWith("✅ Saved");
        var other = _app.CreateWhatsAppClient("+447700900123");
        (await other.SendAsync("Spare key under the blue pot")).Should().StartWith("✅ Saved");
        var externalId = _app.ExternalIdOf(User);
        var signer = _app.Services.GetRequiredService<IExportLinkSigner>();

        var link = signer.Sign(externalId, Duration.FromHours(1));

        link.AbsoluteUri.Should().StartWith($"{ApiFactory.PublicBaseUrl}/exports/{externalId}?expires=");
        using (var ok = await _whatsapp.Http.GetAsync(link.PathAndQuery))
        {
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
            ok.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
            using var zip = new ZipArchive(await ok.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
            zip.Json("manifest.json").GetProperty("user").Str("number").Should().Be(User);
            zip.Json("memories.json").EnumerateArray().Select(m => m.Str("content")).Should().Equal("Passport is in the top drawer");
        }

        var otherUser = link.PathAndQuery.Replace(externalId, _app.ExternalIdOf("+447700900123"), StringComparison.Ordinal);
        var tampered = link.PathAndQuery.Replace("sig=", "sig=0", StringComparison.Ordinal);
        var unsigned = $"/exports/{externalId}";
        foreach (var bad in new[] { otherUser, tampered, unsigned })
        {
            using var refused = await _whatsapp.Http.GetAsync(bad);
            (await refused.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain("expired");
        }

        _app.Clock.Advance(Duration.FromHours(2));
        using var expired = await _whatsapp.Http.GetAsync(link.PathAndQuery);
        await expired.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Export_UnknownUser_Returns404ProblemDetails()
    {
        var http = _app.CreateHttpClient();

        using var response = await http.GetAsync("/users/4242/export");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain("4242");
    }

    [Fact]
    public async Task UsersEndpoints_WithKeysConfigured_NeedAKey_ButASignedExportLinkDoesNot()
    {
        using var app = new ApiFactory(new Dictionary<string, string?> { ["Api:Keys:0"] = "k-one" });
        var whatsapp = app.CreateWhatsAppClient(User);
        (await whatsapp.SendAsync("Bike lock code is 0451")).Should().StartWith("✅ Saved");
        var userId = app.UserIdOf(User);
        var link = app.Services.GetRequiredService<IExportLinkSigner>().Sign(app.ExternalIdOf(User), Duration.FromMinutes(10));

        using var export = await whatsapp.Http.GetAsync($"/users/{userId}/export");
        using var erase = await whatsapp.Http.DeleteAsync($"/users/{userId}");
        using var signed = await whatsapp.Http.GetAsync(link.PathAndQuery);

        await export.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await erase.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        signed.StatusCode.Should().Be(HttpStatusCode.OK);
        app.CountRows("users").Should().Be(1, "the refused erase changed nothing");
    }
}
