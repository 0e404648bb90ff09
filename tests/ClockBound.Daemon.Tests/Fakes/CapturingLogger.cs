using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>Keeps every formatted log line (with its level) for assertions.</summary>
internal sealed class CapturingLogger : ILogger
{
    public List<(LogLevel Level, int EventId, string Message)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }

    public bool Contains(LogLevel level, string fragment)
    {
        lock (Lines)
        {
            return Lines.Any(l => l.Level == level && l.Message.Contains(fragment, StringComparison.Ordinal));
        }
    }
}
