using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ClockBound.Chrony;
using ClockBound.Common;
using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>
/// The <c>clockboundctl</c> command line: <c>now</c>, <c>watch</c> and <c>tracking</c>. Bad
/// arguments print one line each and a pointer to <c>--help</c> on stderr and exit 2.
/// </summary>
internal static class CtlCommandLine
{
    /// <summary>Default <c>watch --interval-ms</c>.</summary>
    public const int DefaultIntervalMilliseconds = 1000;

    /// <summary>Smallest <c>watch --interval-ms</c>.</summary>
    public const int MinimumIntervalMilliseconds = 10;

    /// <summary>Largest <c>watch --interval-ms</c>.</summary>
    public const int MaximumIntervalMilliseconds = 60_000;

    /// <summary>Default <c>tracking --timeout-ms</c>: as long as the daemon waits.</summary>
    public const int DefaultTimeoutMilliseconds = 1000;

    /// <summary>Smallest <c>tracking --timeout-ms</c>.</summary>
    public const int MinimumTimeoutMilliseconds = 10;

    /// <summary>Largest <c>tracking --timeout-ms</c>.</summary>
    public const int MaximumTimeoutMilliseconds = 60_000;

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command.
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where results, help and the version go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="handleTerminationSignals">
    /// True in the real program: while <c>watch</c> runs, SIGINT and SIGTERM end it cleanly
    /// (exit 0) instead of killing the process.
    /// </param>
    /// <param name="cancellation">Ends <c>watch</c> (exit 0).</param>
    /// <returns>The exit code (<see cref="CtlExitCodes"/>).</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error,
        bool handleTerminationSignals = false, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var root = new RootCommand("clockboundctl: reads the clock error bound the clockbound daemon publishes, and chronyd's tracking report.")
        {
            CreateNowCommand(output, error),
            CreateWatchCommand(output, error, handleTerminationSignals, cancellation),
            CreateTrackingCommand(output, error),
        };
        foreach (Option option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new PrintVersionAction(output, "clockboundctl");
            }
        }

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (ParseError parseError in parsed.Errors)
            {
                error.WriteLine($"clockboundctl: error: {parseError.Message}");
            }
            error.WriteLine("Usage: clockboundctl now|watch|tracking [options]; run 'clockboundctl --help' or 'clockboundctl COMMAND --help' for details.");
            return CtlExitCodes.UsageError;
        }

        // ProcessTerminationTimeout null: signals are ours to handle (watch only), not the library's.
        return parsed.Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        });
    }

    private static Command CreateNowCommand(TextWriter output, TextWriter error)
    {
        Option<string> shmPath = ShmPathOption();
        Option<bool> json = JsonOption("Print one JSON object: earliest_ns, latest_ns, bound_ns, status, reliable, earliest, latest, segment_path, segment_version.");
        var command = new Command("now", "Read the segment once and print earliest, latest, the bound and the status.") { shmPath, json };
        command.SetAction(result => NowCommand.Run(result.GetRequiredValue(shmPath), result.GetValue(json), output, error));
        return command;
    }

    private static Command CreateWatchCommand(TextWriter output, TextWriter error, bool handleTerminationSignals, CancellationToken cancellation)
    {
        Option<string> shmPath = ShmPathOption();
        var interval = new Option<int>("--interval-ms")
        {
            Description = $"Milliseconds between two lines (whole number {MinimumIntervalMilliseconds}..{MaximumIntervalMilliseconds}).",
            HelpName = "MS",
            DefaultValueFactory = _ => DefaultIntervalMilliseconds,
            CustomParser = r => ParseWholeNumber(r, "--interval-ms", MinimumIntervalMilliseconds, MaximumIntervalMilliseconds),
        };
        var count = new Option<int>("--count")
        {
            Description = "Lines to print, then exit; 0 (the default) watches until Ctrl-C or SIGTERM.",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
            CustomParser = r => ParseWholeNumber(r, "--count", 0, int.MaxValue),
        };
        Option<bool> json = JsonOption("Print one JSON object per line, with the keys of 'now --json'.");
        var command = new Command("watch", "Print a reading every interval; Ctrl-C or SIGTERM ends it (exit 0). Errors while watching are reported on stderr and watching goes on.")
        {
            shmPath, interval, count, json,
        };
        command.SetAction(result =>
        {
            var settings = new WatchSettings(
                result.GetRequiredValue(shmPath),
                TimeSpan.FromMilliseconds(result.GetValue(interval)),
                result.GetValue(count),
                result.GetValue(json));
            if (!handleTerminationSignals)
            {
                return WatchCommand.Run(settings, output, error, cancellation);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using TerminationSignals signals = TerminationSignals.Register(stop);
            return WatchCommand.Run(settings, output, error, stop.Token);
        });
        return command;
    }

    private static Command CreateTrackingCommand(TextWriter output, TextWriter error)
    {
        var chronySocket = new Option<string>("--chrony-socket")
        {
            Description = $"chronyd's command socket [default: {ChronySocketPaths.Default}, or {ChronySocketPaths.Fallback} when only that exists]",
            HelpName = "PATH",
            CustomParser = r => ParsePath(r, "--chrony-socket"),
        };
        var clientDirectory = new Option<string>("--client-socket-dir")
        {
            Description = "Directory for our own socket, which chronyd replies to [default: the directory of chronyd's socket, where root and chronyd's user may write].",
            HelpName = "DIR",
            CustomParser = r => ParsePath(r, "--client-socket-dir"),
        };
        var timeout = new Option<int>("--timeout-ms")
        {
            Description = $"How long to wait for chronyd's reply, in milliseconds (whole number {MinimumTimeoutMilliseconds}..{MaximumTimeoutMilliseconds}).",
            HelpName = "MS",
            DefaultValueFactory = _ => DefaultTimeoutMilliseconds,
            CustomParser = r => ParseWholeNumber(r, "--timeout-ms", MinimumTimeoutMilliseconds, MaximumTimeoutMilliseconds),
        };
        Option<bool> json = JsonOption("Print one JSON object with snake_case keys instead of chronyc's layout.");
        var command = new Command("tracking", "Ask chronyd for its tracking report and print it like 'chronyc tracking', with the bound the daemon derives from it.")
        {
            chronySocket, clientDirectory, timeout, json,
        };
        command.SetAction(result =>
        {
            var settings = new TrackingSettings(
                result.GetValue(chronySocket) ?? ChronySocketPaths.ResolveDefault(),
                result.GetValue(clientDirectory),
                TimeSpan.FromMilliseconds(result.GetValue(timeout)),
                result.GetValue(json));
            return TrackingCommand.Run(settings, output, error);
        });
        return command;
    }

    private static Option<string> ShmPathOption() => new("--shm-path")
    {
        Description = "The segment the daemon publishes (version 2, or a version 1 segment such as /var/run/clockbound/shm).",
        HelpName = "PATH",
        DefaultValueFactory = _ => SegmentLayout.DefaultPathV2,
        CustomParser = r => ParsePath(r, "--shm-path"),
    };

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    private static int ParseWholeNumber(ArgumentResult result, string option, int minimum, int maximum)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < minimum || value > maximum)
        {
            result.AddError($"{option} must be a whole number from {minimum} to {maximum}; got '{text}'");
            return 0;
        }
        return value;
    }

    private static string? ParsePath(ArgumentResult result, string option)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (text.Length == 0 || text.Contains('\0'))
        {
            result.AddError($"{option} must be a non-empty path; got '{text}'");
            return null;
        }
        return text;
    }
}
