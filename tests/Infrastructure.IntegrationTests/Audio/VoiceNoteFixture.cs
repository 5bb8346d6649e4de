using MemoryAssistant.Infrastructure.Audio;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Audio;

/// <summary>
/// A real WhatsApp-style voice note made at test time: espeak-ng speaks the phrase into a WAV, ffmpeg encodes
/// it as OGG/Opus. A missing tool fails the tests with the install hint, never skips them.
/// </summary>
public sealed class VoiceNoteFixture : IAsyncLifetime
{
    public const string Phrase = "remember to buy milk eggs and bread for dinner tonight";

    private static readonly TimeSpan s_toolTimeLimit = TimeSpan.FromSeconds(60);

    public string Directory { get; } = TestDatabase.CreateTempDirectory();

    /// <summary>espeak-ng's own output: 22.05 kHz mono WAV.</summary>
    public string SpokenWavPath => Path.Combine(Directory, "note.wav");

    public string OggPath => Path.Combine(Directory, "note.ogg");

    public async Task InitializeAsync()
    {
        // The en-us voice is the one pocketsphinx's en-us model recognises best (measured: "… for dinner tonight").
        await RunAsync("espeak-ng", "-v", "en-us", "-w", SpokenWavPath, Phrase);
        await RunAsync("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-i", SpokenWavPath, "-c:a", "libopus", "-b:a", "24k", OggPath);
    }

    public Task DisposeAsync()
    {
        TestDatabase.DeleteDirectory(Directory);
        return Task.CompletedTask;
    }

    public string NewPath(string fileName) => Path.Combine(Directory, Guid.NewGuid().ToString("N") + "-" + fileName);

    public static async Task RunAsync(string tool, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(tool, arguments, s_toolTimeLimit, CancellationToken.None);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed (exit {result.ExitCode}): {result.StandardError}");
    }
}
