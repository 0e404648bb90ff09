using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's logging: one human-readable line per event by default, or (<c>-j</c>) one JSON
/// object per line; UTC timestamps. Errors and critical failures go to stderr, the rest to stdout
/// (journald picks up both). Under journald (<c>JOURNAL_STREAM</c> set) each human-readable line
/// starts with its syslog priority (<c>&lt;4&gt;</c> for a warning, ...), so <c>journalctl -p</c> can filter.
/// </summary>
internal static class DaemonLogging
{
    /// <summary>The category every daemon log line carries.</summary>
    public const string Category = "clockbound";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    /// <summary>Creates the factory; dispose it at exit so queued lines are flushed.</summary>
    /// <param name="json">One JSON object per line (<c>-j</c>).</param>
    /// <param name="minimumLevel">Lines below this level are dropped.</param>
    /// <param name="journal">Prefix lines with syslog priorities; null: when <c>JOURNAL_STREAM</c> is set (systemd sets it when stdout or stderr is the journal).</param>
    public static ILoggerFactory CreateFactory(bool json, LogLevel minimumLevel = LogLevel.Information, bool? journal = null)
    {
        bool priorities = journal ?? !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(minimumLevel);
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Error);
            if (json)
            {
                builder.AddJsonConsole(options =>
                {
                    options.IncludeScopes = false;
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = TimestampFormat.TrimEnd();
                    // Relaxed escaping keeps paths and quotes readable; these lines never go into HTML.
                    options.JsonWriterOptions = new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
                });
            }
            else if (priorities)
            {
                // "<4>2026-12-01T23:10:00.123Z clockbound[7] text": journald takes the priority off the line.
                builder.AddSystemdConsole(options =>
                {
                    options.IncludeScopes = false;
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = TimestampFormat;
                });
            }
            else
            {
                builder.AddSimpleConsole(options =>
                {
                    options.SingleLine = true;
                    options.IncludeScopes = false;
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = TimestampFormat;
                });
            }
        });
    }
}
