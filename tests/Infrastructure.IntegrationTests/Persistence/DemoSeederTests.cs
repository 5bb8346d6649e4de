using System.Security.Cryptography;
using Dapper;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Persistence.Seed;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Calendars;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Persistence;

public sealed class DemoSeederTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SeedAsync_WhenDatabaseIsFresh_ThenAddsTwelveInteractionsForOneDemoUser()
    {
        var added = await SeedAsync();

        added.Should().Be(12);
        await using var connection = await _database.OpenReadAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM interactions")).Should().Be(12);
        (await connection.QueryAsync<(string Number, string Zone)>("SELECT whatsapp_number, time_zone_id FROM users"))
            .Should().Equal((DemoSeeder.DemoNumber.Value, DemoSeeder.DemoZone));
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM interactions WHERE status <> 'processed' OR reply IS NULL"))
            .Should().Be(0, "every seeded message is answered");
    }

    [Fact]
    public async Task SeedAsync_WhenDatabaseIsFresh_ThenMemoriesOfEveryKindExist()
    {
        await SeedAsync();

        await using var connection = await _database.OpenReadAsync();
        var kinds = await connection.QueryAsync<string>("SELECT DISTINCT kind FROM memories");
        kinds.Should().BeEquivalentTo(["text", "image", "audio", "location"]);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories WHERE sync_state <> 'synced' OR layer_name <> 'embedded'"))
            .Should().Be(0);
    }

    [Fact]
    public async Task SeedAsync_WhenDatabaseIsFresh_ThenImageAndAudioMemoriesHaveMediaFilesWhoseHashIsTheirName()
    {
        await SeedAsync();

        await using var connection = await _database.OpenReadAsync();
        var withoutMedia = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM memories WHERE kind IN ('image', 'audio') AND media_asset_id IS NULL");
        withoutMedia.Should().Be(0, "every image and audio memory points at its media asset");
        var unlinkedAttachments = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM interactions i
            WHERE i.kind IN ('image', 'audio')
              AND NOT EXISTS (SELECT 1 FROM interaction_media im JOIN media_assets a ON a.id = im.media_asset_id WHERE im.interaction_id = i.id)
            """);
        unlinkedAttachments.Should().Be(0, "every image and audio message's attachment is linked to the stored asset");

        var assets = (await connection.QueryAsync<(string Sha256, string ContentType, long SizeBytes, string StoragePath)>(
            "SELECT a.sha256, a.content_type, a.size_bytes, a.storage_path FROM media_assets a WHERE a.id IN (SELECT media_asset_id FROM memories)")).ToList();
        assets.Should().HaveCount(3, "two distinct pictures and one recording");
        assets.Select(a => a.ContentType).Should().BeEquivalentTo(["image/png", "image/png", "audio/wav"]);
        foreach (var asset in assets)
        {
            var file = Path.Combine(_database.DataDirectory, asset.StoragePath);
            File.Exists(file).Should().BeTrue($"{asset.StoragePath} is stored under the data directory");
            var bytes = await File.ReadAllBytesAsync(file);
            bytes.LongLength.Should().Be(asset.SizeBytes);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            hash.Should().Be(asset.Sha256);
            Path.GetFileName(file).Should().Be(hash);
            asset.StoragePath.Replace('\\', '/').Should().Be($"media/{hash[..2]}/{hash[2..4]}/{hash}");
        }
    }

    [Fact]
    public async Task SeedAsync_WhenRunTwice_ThenSecondAddsNothingAndCountsAreUnchanged()
    {
        await SeedAsync();
        var before = await CountsAsync();

        var addedAgain = await SeedAsync();

        addedAgain.Should().Be(0);
        (await CountsAsync()).Should().Equal(before);
    }

    [Fact]
    public async Task SeedAsync_WhenRunTwiceOnDifferentDays_ThenSecondAddsNothing()
    {
        await SeedAsync();
        var before = await CountsAsync();
        _database.Clock.Advance(Duration.FromDays(3));

        var addedAgain = await SeedAsync();

        addedAgain.Should().Be(0);
        (await CountsAsync()).Should().Equal(before);
    }

    [Fact]
    public async Task SeedAsync_WhenDone_ThenEveryMemoryHasItsInteractionAndIsInTheFtsIndex()
    {
        await SeedAsync();

        await using var connection = await _database.OpenReadAsync();
        var memories = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories");
        memories.Should().Be(10, "12 messages, less one question and one command");
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM memories m JOIN interactions i ON i.id = m.interaction_id AND i.user_id = m.user_id"))
            .Should().Be(memories);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_index")).Should().Be(memories);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories WHERE id NOT IN (SELECT rowid FROM memory_index)"))
            .Should().Be(0);
        (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_key_check")).Should().Be(0);
    }

    [Fact]
    public async Task SeedAsync_WhenDone_ThenMemoriesSpreadOverAtLeastThreeIsoWeeksInLosAngeles()
    {
        await SeedAsync();

        await using var connection = await _database.OpenReadAsync();
        var zone = DateTimeZoneProviders.Tzdb[DemoSeeder.DemoZone];
        var occurred = await connection.QueryAsync<Instant>("SELECT occurred_at FROM memories");
        var weeks = occurred
            .Select(at => at.InZone(zone).Date)
            .Select(date => (WeekYearRules.Iso.GetWeekYear(date), WeekYearRules.Iso.GetWeekOfWeekYear(date)))
            .Distinct()
            .ToList();
        weeks.Should().HaveCountGreaterThanOrEqualTo(3);
        occurred.Should().OnlyContain(at => at <= _database.Clock.GetCurrentInstant().Plus(Duration.FromDays(1)), "the story is told relative to today");
    }

    private async Task<int> SeedAsync()
    {
        await using var scope = _database.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }

    private async Task<IReadOnlyList<long>> CountsAsync()
    {
        await using var connection = await _database.OpenReadAsync();
        var counts = new List<long>();
        foreach (var table in new[] { "users", "interactions", "interaction_media", "media_assets", "memories", "memory_tags", "memory_index" })
            counts.Add(await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
        counts.Add(Directory.Exists(Path.Combine(_database.DataDirectory, "media"))
            ? Directory.GetFiles(Path.Combine(_database.DataDirectory, "media"), "*", SearchOption.AllDirectories).Length
            : 0);
        return counts;
    }
}
