using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Images;

/// <summary>Keeps what was logged, so tests can check a warning was written (and written once).</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public sealed record Entry(LogLevel Level, string Message, Exception? Exception);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IEnumerable<Entry> Warnings => Entries.Where(e => e.Level == LogLevel.Warning);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue(new Entry(logLevel, formatter(state, exception), exception));
    }
}
