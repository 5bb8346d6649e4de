using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MemoryAssistant.Infrastructure.Audio;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs a command-line tool with an argument list (never a shell string, so file names cannot inject
/// commands), captures its output, and kills the whole process tree on timeout or cancellation.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Characters kept per stream; the rest is drained and dropped so a chatty tool cannot exhaust memory.</summary>
    public const int MaxCapturedChars = 64 * 1024;

    private const int EnoEnt = 2;

    /// <exception cref="ExternalToolNotFoundException">The program does not exist or cannot be started.</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> and was killed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process was killed.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        cancellationToken.ThrowIfCancellationRequested();

        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            var tool = Path.GetFileName(fileName);
            if (ex.NativeErrorCode == EnoEnt)
                throw ExternalToolNotFoundException.For(tool, fileName, ex);
            throw new ExternalToolNotFoundException(
                $"{tool} could not be started ({ex.Message}): {ExternalToolNotFoundException.InstallHint}", ex);
        }

        // No tool here reads stdin; closing it makes any that tries see end-of-file instead of hanging.
        process.StandardInput.Close();
        var standardOutput = CaptureAsync(process.StandardOutput);
        var standardError = CaptureAsync(process.StandardError);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process, standardOutput, standardError);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0.###} s and was killed."));
        }

        return new ProcessResult(process.ExitCode, await standardOutput, await standardError);
    }

    /// <summary>The first non-empty line of a tool's output, for error messages.</summary>
    public static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private static async Task KillAsync(Process process, Task<string> standardOutput, Task<string> standardError)
    {
        try
        {
            // The tree, not just the process: a tool that forked helpers must not leave them running.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(grace.Token);
            await Task.WhenAll(standardOutput, standardError).WaitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Best effort: the caller gets the timeout or cancellation either way.
        }
    }

    private static async Task<string> CaptureAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            var room = MaxCapturedChars - kept.Length;
            if (room > 0)
                kept.Append(buffer, 0, Math.Min(room, read));
        }

        return kept.ToString();
    }
}
