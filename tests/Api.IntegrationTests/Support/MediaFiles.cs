using System.Diagnostics;

namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>Real photos and voice notes made with ImageMagick, exiftool, espeak-ng and ffmpeg.</summary>
public static class MediaFiles
{
    // Debian's fonts-dejavu-core (installed with ImageMagick by scripts/install-system-deps.sh).
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    /// <param name="exifDateTime">Capture time written to EXIF, with GPS at <paramref name="gps"/> (Lisbon unless given).</param>
    public static async Task<byte[]> PhotoAsync(
        string directory, string text, string gradient = "white-lightblue", string? exifDateTime = null, (double Latitude, double Longitude)? gps = null)
    {
        var path = Path.Combine(directory, $"photo-{Guid.NewGuid():N}.jpg");
        if (text.Length == 0)
            await RunAsync("convert", "-size", "900x600", $"gradient:{gradient}", "-quality", "92", path);
        else
            await RunAsync("convert", "-size", "900x600", $"gradient:{gradient}", "-font", Font, "-fill", "black", "-pointsize", "72", "-annotate", "+60+320", text, "-quality", "92", path);
        if (exifDateTime is not null)
        {
            var (lat, lon) = gps ?? (38.7223, -9.1393);
            await RunAsync("exiftool", "-q", "-overwrite_original", $"-DateTimeOriginal={exifDateTime}",
                FormattableString.Invariant($"-GPSLatitude={Math.Abs(lat)}"), $"-GPSLatitudeRef={(lat < 0 ? "S" : "N")}",
                FormattableString.Invariant($"-GPSLongitude={Math.Abs(lon)}"), $"-GPSLongitudeRef={(lon < 0 ? "W" : "E")}", path);
        }

        return await ReadAndDeleteAsync(path);
    }

    /// <summary>The same picture recompressed at a low quality, as WhatsApp does to forwarded photos.</summary>
    public static async Task<byte[]> RecompressAsync(string directory, byte[] jpeg)
    {
        var input = Path.Combine(directory, $"in-{Guid.NewGuid():N}.jpg");
        var output = Path.Combine(directory, $"out-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(input, jpeg);
        await RunAsync("convert", input, "-resize", "70%", "-quality", "45", output);
        File.Delete(input);
        return await ReadAndDeleteAsync(output);
    }

    public static async Task<byte[]> VoiceNoteAsync(string directory, string words)
    {
        var wav = Path.Combine(directory, $"voice-{Guid.NewGuid():N}.wav");
        var ogg = Path.ChangeExtension(wav, ".ogg");
        await RunAsync("espeak-ng", "-v", "en-us", "-w", wav, words);
        await RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", wav, "-c:a", "libopus", "-b:a", "24k", ogg);
        File.Delete(wav);
        return await ReadAndDeleteAsync(ogg);
    }

    /// <summary>A voice note as a browser records one (MediaRecorder: Opus in WebM).</summary>
    public static async Task<byte[]> BrowserVoiceNoteAsync(string directory, string words)
    {
        var wav = Path.Combine(directory, $"voice-{Guid.NewGuid():N}.wav");
        var webm = Path.ChangeExtension(wav, ".webm");
        await RunAsync("espeak-ng", "-v", "en-us", "-w", wav, words);
        await RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", wav, "-c:a", "libopus", "-b:a", "24k", "-f", "webm", webm);
        File.Delete(wav);
        return await ReadAndDeleteAsync(webm);
    }

    // Callers get the bytes; no file is left behind in their directory (some pass the shared temp folder).
    private static async Task<byte[]> ReadAndDeleteAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return bytes;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{program} is missing: run scripts/install-system-deps.sh (make test does).", ex);
        }

        using (process)
        {
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        }
    }
}
