using MemoryAssistant.TestSupport;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Images;

/// <summary>
/// The Debian tools the image tests make their photos with (ImageMagick's <c>convert</c>, <c>exiftool</c>) and the
/// one the analyzer reads text with (<c>tesseract</c>). A missing tool fails the tests with the install hint.
/// </summary>
internal static class ImageTools
{
    public const string InstallHint = "run scripts/install-system-deps.sh";

    private static readonly TimeSpan s_timeLimit = TimeSpan.FromSeconds(60);

    /// <summary>Fails with the install hint unless all three tools answer (and tesseract has English).</summary>
    public static async Task RequireAllAsync()
    {
        var (convert, exiftool, languages) = (TryRunAsync("convert", "-version"), TryRunAsync("exiftool", "-ver"), TryRunAsync("tesseract", "--list-langs"));

        // A fresh machine can carry a stand-in `convert` that is not ImageMagick: ask for the banner.
        if (await convert is not { ExitCode: 0 } banner || !banner.Output.Contains("ImageMagick", StringComparison.Ordinal))
            throw new InvalidOperationException($"ImageMagick's convert is missing (apt package imagemagick): {InstallHint}. {(await convert)?.Error}");
        if (await exiftool is not { ExitCode: 0 })
            throw new InvalidOperationException($"exiftool is missing (apt package libimage-exiftool-perl): {InstallHint}. {(await exiftool)?.Error}");
        if (await languages is not { ExitCode: 0 } list || !list.Output.Split('\n').Any(l => l.Trim() == "eng"))
            throw new InvalidOperationException($"tesseract with English is missing (apt packages tesseract-ocr, tesseract-ocr-eng): {InstallHint}. {(await languages)?.Error}");
    }

    /// <summary>A font ImageMagick can draw with: DejaVu Sans Bold when there (Debian's default), else the first one listed.</summary>
    public static async Task<string> FontAsync()
    {
        var fonts = (await RunAsync("convert", "-list", "font")).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Font:", StringComparison.Ordinal))
            .Select(l => l["Font:".Length..].Trim())
            .ToList();
        if (fonts.Contains("DejaVu-Sans-Bold"))
            return "DejaVu-Sans-Bold";
        return fonts.FirstOrDefault()
            ?? throw new InvalidOperationException($"ImageMagick lists no font to draw text with (apt package fonts-dejavu-core): {InstallHint}.");
    }

    public static Task<string> ConvertAsync(params string[] arguments) => RunAsync("convert", arguments);

    public static Task<string> ExifToolAsync(params string[] arguments) => RunAsync("exiftool", arguments);

    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var result = await TryRunAsync(tool, arguments)
            ?? throw new InvalidOperationException($"{tool} is not installed: {InstallHint}.");
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.Error}");
        return result.Output;
    }

    /// <summary>A decompression bomb: see <see cref="BlankPng"/>.</summary>
    public static void WriteBlankPng(string path, int width, int height) => BlankPng.Write(path, width, height);

    private sealed record Result(int ExitCode, string Output, string Error);

    private static async Task<Result?> TryRunAsync(string tool, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        Process? process;
        try
        {
            process = Process.Start(startInfo);
        }
        catch (Win32Exception)
        {
            return null;
        }

        if (process is null)
            return null;
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(s_timeLimit);
            await process.WaitForExitAsync(timeout.Token);
            return new Result(process.ExitCode, await output, await error);
        }
    }
}
