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

    /// <summary>
    /// A PNG that claims <paramref name="width"/>×<paramref name="height"/> and really holds that many pixels (1-bit
    /// grey, all black): deflate squeezes the zero rows about 1000:1, so 900 megapixels fit in ~110 KB. Built here
    /// because Debian's ImageMagick policy refuses to create anything over 16 000 pixels a side.
    /// </summary>
    public static void WriteBlankPng(string path, int width, int height)
    {
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1; // bit depth; colour type 0 (grey), deflate, adaptive filtering, no interlace
        WriteChunk(file, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + ((width + 7) / 8)]; // filter byte 0, then zero pixels
            for (var y = 0; y < height; y++)
                zlib.Write(row);
        }

        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }

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
