using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's logging: one human-readable line per event by default, or (<c>-j</c>) one JSON
/// object per line; UTC timestamps. Errors and critical failures go to stderr, the rest to stdout
/// (journald picks up both).
/// </summary>
internal static class DaemonLogging
{
    /// <summary>The category every daemon log line carries.</summary>
    public const string Category = "clockbound";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    /// <summary>Creates the factory; dispose it at exit so queued lines are flushed.</summary>
    public static ILoggerFactory CreateFactory(bool json, LogLevel minimumLevel = LogLevel.Information) =>
        LoggerFactory.Create(builder =>
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
