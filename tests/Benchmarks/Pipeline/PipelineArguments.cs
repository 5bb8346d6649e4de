using System.Globalization;

namespace MemoryAssistant.Benchmarks.Pipeline;

/// <param name="Levels">Concurrency levels of the load run, in order.</param>
/// <param name="Duration">How long each level runs.</param>
/// <param name="WarmUp">Untimed load before the first level.</param>
public sealed record PipelineArguments(IReadOnlyList<int> Levels, TimeSpan Duration, TimeSpan WarmUp)
{
    public static PipelineArguments Default { get; } = new([1, 4, 16, 64], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));

    /// <summary>"1,4,16,64".</summary>
    public static IReadOnlyList<int> ParseLevels(string text)
    {
        var levels = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1024
                ? n
                : throw new ArgumentException($"--levels expects comma-separated concurrencies between 1 and 1024, not '{text}'."))
            .ToList();
        return levels.Count > 0 ? levels : throw new ArgumentException("--levels needs at least one level.");
    }

    /// <summary>Seconds ("10", "2.5") or with a unit ("10s", "500ms"); between 0.1 s and 10 minutes.</summary>
    public static TimeSpan ParseDuration(string name, string text, bool allowZero = false)
    {
        var milliseconds = text.EndsWith("ms", StringComparison.Ordinal);
        var number = milliseconds ? text[..^2] : text.TrimEnd('s');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new ArgumentException($"{name} expects seconds (e.g. 10 or 10s or 500ms), not '{text}'.");
        var duration = milliseconds ? TimeSpan.FromMilliseconds(value) : TimeSpan.FromSeconds(value);
        if ((duration == TimeSpan.Zero && allowZero) || (duration >= TimeSpan.FromMilliseconds(100) && duration <= TimeSpan.FromMinutes(10)))
            return duration;
        throw new ArgumentException($"{name} must be between 0.1 s and 10 minutes.");
    }
}
