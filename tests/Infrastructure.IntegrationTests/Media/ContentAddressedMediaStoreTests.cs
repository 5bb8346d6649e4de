using System.Security.Cryptography;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.Media;
using MemoryAssistant.Infrastructure.Persistence;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Media;

public sealed class ContentAddressedMediaStoreTests : IDisposable
{
    private readonly string _dataDirectory = TestDatabase.CreateTempDirectory();
    private readonly ContentAddressedMediaStore _store;

    public ContentAddressedMediaStoreTests() =>
        _store = new ContentAddressedMediaStore(new StorageOptions { DataDirectory = _dataDirectory });

    public void Dispose() => TestDatabase.DeleteDirectory(_dataDirectory);

    [Fact]
    public async Task SaveAsync_WhenSameBytesSavedTwice_ThenOneFileAtTheSamePath()
    {
        var bytes = RandomBytes(4096, seed: 1);

        var first = await _store.SaveAsync(bytes, CancellationToken.None);
        var second = await _store.SaveAsync(bytes.ToArray(), CancellationToken.None);

        second.Should().Be(first);
        StoredFiles().Should().ContainSingle().Which.Should().Be(_store.FullPath(first.RelativePath));
        (await File.ReadAllBytesAsync(_store.FullPath(first.RelativePath))).Should().Equal(bytes);
    }

    [Fact]
    public async Task SaveAsync_WhenDifferentBytes_ThenDifferentFiles()
    {
        var a = RandomBytes(1000, seed: 2);
        var b = a.ToArray();
        b[^1] ^= 0x01;

        var savedA = await _store.SaveAsync(a, CancellationToken.None);
        var savedB = await _store.SaveAsync(b, CancellationToken.None);

        savedA.Hash.Should().NotBe(savedB.Hash);
        savedA.RelativePath.Should().NotBe(savedB.RelativePath);
        StoredFiles().Should().HaveCount(2);
        (await File.ReadAllBytesAsync(_store.FullPath(savedA.RelativePath))).Should().Equal(a);
        (await File.ReadAllBytesAsync(_store.FullPath(savedB.RelativePath))).Should().Equal(b);
    }

    [Fact]
    public async Task SaveAsync_WhenSaved_ThenPathIsMediaAbCdHashUnderTheDataDirectory()
    {
        var bytes = RandomBytes(777, seed: 3);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var saved = await _store.SaveAsync(bytes, CancellationToken.None);

        saved.Hash.Value.Should().Be(hash);
        saved.SizeBytes.Should().Be(777);
        saved.RelativePath.Replace('\\', '/').Should().Be($"media/{hash[..2]}/{hash[2..4]}/{hash}");
        Path.IsPathRooted(saved.RelativePath).Should().BeFalse();
        ContentAddressedMediaStore.RelativePathOf(saved.Hash).Should().Be(saved.RelativePath);
        _store.FullPath(saved.RelativePath).Should().Be(Path.Combine(_dataDirectory, "media", hash[..2], hash[2..4], hash));
        File.Exists(Path.Combine(_dataDirectory, "media", hash[..2], hash[2..4], hash)).Should().BeTrue();
    }

    [Fact]
    public async Task SaveAsync_WhenDone_ThenNoTemporaryFilesLeftBehind()
    {
        for (var i = 0; i < 5; i++)
            await _store.SaveAsync(RandomBytes(2048, seed: 10 + i), CancellationToken.None);
        await _store.SaveAsync(RandomBytes(2048, seed: 10), CancellationToken.None);

        AllFiles().Should().HaveCount(5).And.NotContain(f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaveAsync_WhenTwentySavesOfTheSameBytesRunInParallel_ThenOneFileWithTheRightContent()
    {
        var bytes = RandomBytes(2 * 1024 * 1024, seed: 4);
        using var start = new Barrier(20);

        var saves = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await _store.SaveAsync(bytes, CancellationToken.None);
        })).ToList();
        var results = await Task.WhenAll(saves);

        results.Distinct().Should().ContainSingle();
        AllFiles().Should().ContainSingle().Which.Should().Be(_store.FullPath(results[0].RelativePath));
        (await File.ReadAllBytesAsync(_store.FullPath(results[0].RelativePath))).Should().Equal(bytes);
    }

    [Fact]
    public async Task OpenRead_WhenStored_ThenStreamsTheBytes()
    {
        var bytes = RandomBytes(100_000, seed: 20);
        var saved = await _store.SaveAsync(bytes, CancellationToken.None);

        await using var stream = _store.OpenRead(saved.RelativePath);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        copy.ToArray().Should().Equal(bytes);
    }

    [Fact]
    public async Task Delete_WhenStored_ThenTheFileIsGone_AndDeletingAgainIsQuiet()
    {
        var saved = await _store.SaveAsync(RandomBytes(512, seed: 21), CancellationToken.None);

        _store.Delete(saved.RelativePath);
        var again = () => _store.Delete(saved.RelativePath);

        File.Exists(_store.FullPath(saved.RelativePath)).Should().BeFalse();
        again.Should().NotThrow();
        StoredFiles().Should().BeEmpty();
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string[] AllFiles() => Directory.GetFiles(_dataDirectory, "*", SearchOption.AllDirectories);

    private IEnumerable<string> StoredFiles() => AllFiles().Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal));
}
