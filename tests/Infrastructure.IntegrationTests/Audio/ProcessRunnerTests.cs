using System.Diagnostics;
using System.Globalization;
using MemoryAssistant.Infrastructure.Audio;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Audio;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly string _directory = TestDatabase.CreateTempDirectory();

    public void Dispose() => TestDatabase.DeleteDirectory(_directory);

    [Fact]
    public async Task RunAsync_WhenArgumentsLookLikeShell_ThenPassedVerbatimWithoutAShell()
    {
        var result = await ProcessRunner.RunAsync(
            "printf", ["%s|", "two words", "$(touch pwned); `id` > out", "*", "a'b\"c"], TimeSpan.FromSeconds(10), CancellationToken.None);

        result.ExitCode.Should().Be(0);
        result.StandardOutput.Should().Be("two words|$(touch pwned); `id` > out|*|a'b\"c|");
        File.Exists("pwned").Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_WhenToolFails_ThenExitCodeAndStandardErrorReturned()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "echo out; echo oops >&2; exit 3"], TimeSpan.FromSeconds(10), CancellationToken.None);

        result.ExitCode.Should().Be(3);
        result.StandardOutput.Should().Be("out\n");
        result.StandardError.Should().Be("oops\n");
    }

    [Fact]
    public async Task RunAsync_WhenToolTalksTooMuch_ThenOutputCappedAndDrained()
    {
        // The limit only guards against a hang: a loaded CI machine (browser tests beside it) can be slow to drain.
        var result = await ProcessRunner.RunAsync("sh", ["-c", "yes | head -c 1000000"], TimeSpan.FromSeconds(60), CancellationToken.None);

        result.ExitCode.Should().Be(0);
        result.StandardOutput.Should().HaveLength(ProcessRunner.MaxCapturedChars);
    }

    [Fact]
    public async Task RunAsync_WhenTimeLimitPassed_ThenTimeoutAndWholeTreeKilled()
    {
        var childPidFile = Path.Combine(_directory, "child.pid");
        var stopwatch = Stopwatch.StartNew();

        var run = () => ProcessRunner.RunAsync(
            "sh", ["-c", "sleep 30 & echo $! > \"$1\"; wait", "sh", childPidFile], TimeSpan.FromMilliseconds(500), CancellationToken.None);

        (await run.Should().ThrowAsync<TimeoutException>()).WithMessage("sh did not finish within 0.5 s*");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        await ShouldHaveExitedAsync(childPidFile);
    }

    [Fact]
    public async Task RunAsync_WhenCancelled_ThenOperationCanceledAndWholeTreeKilled()
    {
        var childPidFile = Path.Combine(_directory, "child.pid");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var run = () => ProcessRunner.RunAsync(
            "sh", ["-c", "sleep 30 & echo $! > \"$1\"; wait", "sh", childPidFile], TimeSpan.FromSeconds(30), cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        await ShouldHaveExitedAsync(childPidFile);
    }

    [Fact]
    public async Task RunAsync_WhenProgramMissing_ThenClearMessageWithInstallHint()
    {
        var run = () => ProcessRunner.RunAsync("/nonexistent/bin/ffmpeg", ["-version"], TimeSpan.FromSeconds(5), CancellationToken.None);

        (await run.Should().ThrowAsync<ExternalToolNotFoundException>())
            .WithMessage("ffmpeg not found: run scripts/install-system-deps.sh (tried '/nonexistent/bin/ffmpeg')");
    }

    private static async Task ShouldHaveExitedAsync(string pidFile)
    {
        File.Exists(pidFile).Should().BeTrue("the shell started its child before the deadline");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        // A killed child may linger a moment as a zombie until reaped; its state is then "Z".
        for (var attempt = 0; attempt < 50 && IsRunning(pid); attempt++)
            await Task.Delay(100);
        IsRunning(pid).Should().BeFalse($"the child process {pid} must be killed with its parent");
    }

    private static bool IsRunning(int pid)
    {
        var status = $"/proc/{pid}/stat";
        if (!File.Exists(status))
            return false;
        try
        {
            var fields = File.ReadAllText(status);
            var state = fields[(fields.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
