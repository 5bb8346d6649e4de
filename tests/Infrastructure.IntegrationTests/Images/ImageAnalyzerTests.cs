using System.Diagnostics;
using System.Globalization;
using MemoryAssistant.Application.Common.Exceptions;
using MemoryAssistant.Infrastructure.Images;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using NodaTime;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Images;

[Collection(PhotoFixtureDefinition.Name)]
public sealed class ImageAnalyzerTests : IDisposable
{
    private readonly PhotoFixture _photos;
    private readonly string _workDirectory = TestDatabase.CreateTempDirectory();
    private readonly ListLogger<ImageAnalyzer> _logger = new();

    public ImageAnalyzerTests(PhotoFixture photos) => _photos = photos;

    public void Dispose() => TestDatabase.DeleteDirectory(_workDirectory);

    [Fact]
    public async Task AnalyzeAsync_WhenPhotoHasExifAndText_ThenSizeLocalTimePlaceAndText()
    {
        var facts = await Analyzer().AnalyzeAsync(_photos.Photo, CancellationToken.None);

        facts.Width.Should().Be(800);
        facts.Height.Should().Be(600);
        facts.CapturedAtLocal.Should().Be(new LocalDateTime(2026, 11, 16, 9, 12, 0));
        facts.CapturedAtOffset.Should().BeNull("the photo has no OffsetTimeOriginal: the sender's zone applies");
        facts.Latitude.Should().BeApproximately(38.7223, 1e-4);
        facts.Longitude.Should().BeApproximately(-9.1393, 1e-4);
        facts.OcrText.Should().ContainEquivalentOf("MILK");
        facts.OcrText.Should().Be(facts.OcrText!.Trim()).And.NotContain("\n").And.NotContain("  ");
        facts.PerceptualHash.Should().Be(PerceptualHash.Compute(_photos.Photo));
    }

    [Fact]
    public async Task AnalyzeAsync_WhenOffsetTimeOriginalPresent_ThenOffsetReturned()
    {
        var facts = await Analyzer().AnalyzeAsync(_photos.PhotoWithOffset, CancellationToken.None);

        facts.CapturedAtLocal.Should().Be(new LocalDateTime(2026, 11, 16, 9, 12, 0));
        facts.CapturedAtOffset.Should().Be(Offset.FromHours(1));
    }

    [Fact]
    public async Task AnalyzeAsync_WhenTextIsLowContrastOnAGradient_ThenReadThanksToTheFlattenedBackground()
    {
        // `tesseract low-contrast.jpg stdout` finds nothing here: its global threshold splits the gradient.
        var facts = await Analyzer().AnalyzeAsync(_photos.LowContrastNote, CancellationToken.None);

        facts.OcrText.Should().ContainEquivalentOf("Parking").And.ContainEquivalentOf("spot 42");
    }

    [Fact]
    public async Task AnalyzeAsync_WhenNoExifAndNoText_ThenNulls()
    {
        var facts = await Analyzer().AnalyzeAsync(_photos.Landscape, CancellationToken.None);

        facts.Width.Should().Be(800);
        facts.Height.Should().Be(600);
        facts.CapturedAtLocal.Should().BeNull();
        facts.CapturedAtOffset.Should().BeNull();
        facts.Latitude.Should().BeNull();
        facts.Longitude.Should().BeNull();
        facts.OcrText.Should().BeNull();
    }

    [Fact]
    public async Task AnalyzeAsync_WhenMetadataStripped_ThenNoTimeOrPlaceButStillTheText()
    {
        var facts = await Analyzer().AnalyzeAsync(_photos.PhotoForwarded, CancellationToken.None);

        facts.CapturedAtLocal.Should().BeNull();
        facts.Latitude.Should().BeNull();
        facts.Longitude.Should().BeNull();
        facts.OcrText.Should().ContainEquivalentOf("MILK");
    }

    [Fact]
    public async Task AnalyzeAsync_WhenStoredSidewaysWithOrientationTag_ThenUprightSizeHashAndText()
    {
        var upright = await Analyzer().AnalyzeAsync(_photos.Photo, CancellationToken.None);

        var facts = await Analyzer().AnalyzeAsync(_photos.PhotoSideways, CancellationToken.None);

        facts.Width.Should().Be(800, "the file stores 600×800 and says to turn it a quarter");
        facts.Height.Should().Be(600);
        PerceptualHash.Distance(facts.PerceptualHash, upright.PerceptualHash).Should().BeLessThanOrEqualTo(PerceptualHash.NearDuplicateMaxDistance);
        facts.OcrText.Should().ContainEquivalentOf("MILK");
    }

    [Theory]
    [InlineData(30_000, 30_000)]
    [InlineData(8_000, 7_000)]
    [InlineData(20_001, 64)]
    public async Task AnalyzeAsync_WhenDecompressionBomb_ThenRefusedFromTheHeaderQuickly(int width, int height)
    {
        var bomb = Path.Combine(_workDirectory, "bomb.png");
        ImageTools.WriteBlankPng(bomb, width, height);
        new FileInfo(bomb).Length.Should().BeLessThan(200_000, "a bomb is small on disk and huge in memory");
        var stopwatch = Stopwatch.StartNew();

        var analyze = () => Analyzer().AnalyzeAsync(bomb, CancellationToken.None);

        var refused = await analyze.Should().ThrowAsync<MediaRejectedException>();
        refused.Which.Message.Should().Contain($"{width}×{height}");
        refused.Which.InnerException.Should().BeNull("the header check refused it, not a decoder failing halfway");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task AnalyzeAsync_WhenBeyondEvenTheDecoderLimits_ThenStillRejected()
    {
        var strip = Path.Combine(_workDirectory, "strip.png");
        ImageTools.WriteBlankPng(strip, 50_000, 8);

        var analyze = () => Analyzer().AnalyzeAsync(strip, CancellationToken.None);

        await analyze.Should().ThrowAsync<MediaRejectedException>();
    }

    [Fact]
    public async Task AnalyzeAsync_WhenRandomBytesNamedJpg_ThenRejectedNotACrash()
    {
        var corrupt = Path.Combine(_workDirectory, "photo.jpg");
        var bytes = new byte[64 * 1024];
        new Random(42).NextBytes(bytes);
        await File.WriteAllBytesAsync(corrupt, bytes);

        var analyze = () => Analyzer().AnalyzeAsync(corrupt, CancellationToken.None);

        await analyze.Should().ThrowAsync<MediaRejectedException>();
    }

    [Fact]
    public async Task AnalyzeAsync_WhenJpegSignatureFollowedByGarbage_ThenRejected()
    {
        var corrupt = Path.Combine(_workDirectory, "truncated.jpg");
        var bytes = new byte[16 * 1024];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        await File.WriteAllBytesAsync(corrupt, bytes);

        var analyze = () => Analyzer().AnalyzeAsync(corrupt, CancellationToken.None);

        await analyze.Should().ThrowAsync<MediaRejectedException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("<!DOCTYPE html><html><body>Not found</body></html>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"file:///etc/passwd\"/></svg>")]
    public async Task AnalyzeAsync_WhenNotAnImageAtAll_ThenRejectedBeforeAnyDecoder(string content)
    {
        var file = Path.Combine(_workDirectory, "image.jpg");
        await File.WriteAllTextAsync(file, content);

        var analyze = () => Analyzer().AnalyzeAsync(file, CancellationToken.None);

        (await analyze.Should().ThrowAsync<MediaRejectedException>()).Which.InnerException.Should().BeNull();
    }

    [Fact]
    public async Task AnalyzeAsync_WhenTesseractMissing_ThenNoTextAndOneWarningWithTheInstallHint()
    {
        var analyzer = Analyzer(new ImageAnalyzerOptions { TesseractPath = "/nonexistent/bin/tesseract" });

        var first = await analyzer.AnalyzeAsync(_photos.Photo, CancellationToken.None);
        var second = await analyzer.AnalyzeAsync(_photos.Photo, CancellationToken.None);

        first.OcrText.Should().BeNull();
        second.OcrText.Should().BeNull();
        second.Latitude.Should().BeApproximately(38.7223, 1e-4, "everything else is still read");
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("scripts/install-system-deps.sh");
    }

    [Fact]
    public async Task AnalyzeAsync_WhenTesseractFails_ThenNoTextAndAWarning()
    {
        var fake = FakeTesseract("echo 'Failed loading language eng' >&2; exit 1");

        var facts = await Analyzer(new ImageAnalyzerOptions { TesseractPath = fake }).AnalyzeAsync(_photos.Photo, CancellationToken.None);

        facts.OcrText.Should().BeNull();
        facts.Width.Should().Be(800);
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("Failed loading language eng");
    }

    [Fact]
    public async Task AnalyzeAsync_WhenOcrRunsPastTheTimeout_ThenNoTextAndTheProcessTreeKilled()
    {
        var childPid = Path.Combine(_workDirectory, "child.pid");
        var fake = FakeTesseract($"sleep 30 & echo $! > '{childPid}'; wait");
        var analyzer = Analyzer(new ImageAnalyzerOptions { TesseractPath = fake, OcrTimeout = TimeSpan.FromSeconds(1) });
        var stopwatch = Stopwatch.StartNew();

        var facts = await analyzer.AnalyzeAsync(_photos.Photo, CancellationToken.None);

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        facts.OcrText.Should().BeNull();
        facts.CapturedAtLocal.Should().NotBeNull();
        _logger.Warnings.Should().ContainSingle().Which.Message.Should().Contain("OCR gave up");
        await ShouldHaveExitedAsync(childPid);
    }

    [Fact]
    public async Task AnalyzeAsync_WhenCancelledDuringOcr_ThenCancelledAndNothingLeftBehind()
    {
        var childPid = Path.Combine(_workDirectory, "child.pid");
        var fake = FakeTesseract($"sleep 30 & echo $! > '{childPid}'; wait");
        var analyzer = Analyzer(new ImageAnalyzerOptions { TesseractPath = fake });
        using var cancellation = new CancellationTokenSource();

        var analysis = analyzer.AnalyzeAsync(_photos.Photo, cancellation.Token);
        for (var waited = 0; !File.Exists(childPid) && waited < 200; waited++)
            await Task.Delay(50);
        await cancellation.CancelAsync();

        var awaitAnalysis = () => analysis;
        await awaitAnalysis.Should().ThrowAsync<OperationCanceledException>();
        await ShouldHaveExitedAsync(childPid);
        OcrInputsLeft().Should().BeEmpty();
    }

    [Fact]
    public async Task AnalyzeAsync_WhenDone_ThenNoOcrInputLeftBehind()
    {
        var analyzer = Analyzer();

        await analyzer.AnalyzeAsync(_photos.Photo, CancellationToken.None);
        await analyzer.AnalyzeAsync(_photos.PhotoAsPng, CancellationToken.None);

        OcrInputsLeft().Should().BeEmpty();
    }

    [Fact]
    public async Task AnalyzeAsync_WhenOneInstanceAnalysesManyPhotosAtOnce_ThenSameFactsAsOneByOne()
    {
        var analyzer = Analyzer();
        string[] paths = [_photos.Photo, _photos.PhotoWithOffset, _photos.Landscape, _photos.OtherNote];
        var oneByOne = new List<Application.Common.Interfaces.ImageFacts>();
        foreach (var path in paths)
            oneByOne.Add(await analyzer.AnalyzeAsync(path, CancellationToken.None));

        var atOnce = await Task.WhenAll(paths.Select(path => Task.Run(() => analyzer.AnalyzeAsync(path, CancellationToken.None))));

        atOnce.Should().Equal(oneByOne);
        OcrInputsLeft().Should().BeEmpty();
    }

    private ImageAnalyzer Analyzer(ImageAnalyzerOptions? options = null)
    {
        options ??= new ImageAnalyzerOptions();
        options.TemporaryDirectory = _workDirectory;
        return new ImageAnalyzer(options, _logger);
    }

    private string[] OcrInputsLeft() => Directory.GetFiles(_workDirectory, "*.pgm");

    /// <summary>A stand-in tesseract: a shell script running <paramref name="body"/>.</summary>
    private string FakeTesseract(string body)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The fake tesseract is a POSIX shell script.");
        var path = Path.Combine(_workDirectory, "tesseract");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task ShouldHaveExitedAsync(string pidFile)
    {
        File.Exists(pidFile).Should().BeTrue("the fake tesseract started its child");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 50 && IsRunning(pid); attempt++)
            await Task.Delay(100);
        IsRunning(pid).Should().BeFalse($"the child {pid} is killed with the fake tesseract: the whole tree goes");
    }

    private static bool IsRunning(int pid)
    {
        // A killed process can linger as a zombie until reaped; its state is then Z (or X).
        var status = $"/proc/{pid}/stat";
        try
        {
            var fields = File.ReadAllText(status);
            return fields[(fields.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
