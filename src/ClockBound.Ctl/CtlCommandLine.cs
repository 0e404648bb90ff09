using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ClockBound.Chrony;
using ClockBound.Common;
using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>
/// The <c>clockboundctl</c> command line: <c>now</c>, <c>watch</c>, <c>waitsync</c>, <c>status</c>,
/// <c>tracking</c>, <c>sources</c> and <c>doctor</c>. Bad
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

    /// <summary>Default <c>waitsync --timeout-seconds</c>.</summary>
    public const int DefaultWaitTimeoutSeconds = 60;

    /// <summary>Largest <c>waitsync --timeout-seconds</c> (a day).</summary>
    public const int MaximumWaitTimeoutSeconds = 86_400;

    /// <summary>How often <c>waitsync</c> looks at the segment: well inside the ~100 ms it may lag the first Synchronized publication.</summary>
    public static readonly TimeSpan WaitSyncPollInterval = TimeSpan.FromMilliseconds(20);

    private const string Usage = "Usage: clockboundctl now|watch|waitsync|status|tracking|sources|doctor [options]; run 'clockboundctl --help' or 'clockboundctl COMMAND --help' for details.";

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
            CreateWaitSyncCommand(output, error, cancellation),
            CreateStatusCommand(output, error),
            CreateTrackingCommand(output, error),
            CreateSourcesCommand(output, error),
            CreateDoctorCommand(output),
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
            error.WriteLine(Usage);
            // Also waitsync's "fatal" (2) and doctor's "failure" (2): a script never mistakes a typo for a timeout.
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
        var requireReliable = new Option<bool>("--require-reliable")
        {
            Description = $"Exit {CtlExitCodes.NotReliable} (after printing the reading) when the status is Unknown or Disrupted, i.e. the interval is not guaranteed to contain true time.",
        };
        var command = new Command("now", "Read the segment once and print earliest, latest, the bound and the status.") { shmPath, json, requireReliable };
        command.SetAction(result => NowCommand.Run(result.GetRequiredValue(shmPath), result.GetValue(json), output, error, result.GetValue(requireReliable)));
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
        Option<int> udpPort = ChronyUdpPortOption();
        Option<bool> json = JsonOption("Print one JSON object with snake_case keys instead of chronyc's layout.");
        var command = new Command("tracking", "Ask chronyd for its tracking report and print it like 'chronyc tracking', with the bound the daemon derives from it.")
        {
            chronySocket, clientDirectory, timeout, udpPort, json,
        };
        command.SetAction(result =>
        {
            var settings = new TrackingSettings(
                result.GetValue(chronySocket) ?? ChronySocketPaths.ResolveDefault(),
                result.GetValue(clientDirectory),
                TimeSpan.FromMilliseconds(result.GetValue(timeout)),
                result.GetValue(json),
                result.GetValue(udpPort));
            return TrackingCommand.Run(settings, output, error);
        });
        return command;
    }

    private static Command CreateWaitSyncCommand(TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        Option<string> shmPath = ShmPathOption();
        var timeout = new Option<int>("--timeout-seconds")
        {
            Description = $"Give up (exit 1) after this many seconds (whole number 0..{MaximumWaitTimeoutSeconds}; 0 looks once).",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultWaitTimeoutSeconds,
            CustomParser = r => ParseWholeNumber(r, "--timeout-seconds", 0, MaximumWaitTimeoutSeconds),
        };
        var maxBound = new Option<long?>("--max-bound")
        {
            Description = "Also wait until the bound is at most this, e.g. 500us, 1.5ms, 2s (units ns, us, ms, s).",
            HelpName = "DURATION",
            CustomParser = ParseDuration,
        };
        var path = new Option<string>("--path")
        {
            Description = "Same as --shm-path (the name ClockBound 3's 'cbctl waitsync' scripts may use).",
            HelpName = "PATH",
            CustomParser = r => ParsePath(r, "--path"),
        };
        var command = new Command("waitsync", "Wait until a client would read the segment as Synchronized (and within --max-bound): exit 0; 1 on timeout; 2 when waiting cannot succeed (bad flags, a malformed segment, permission denied). A segment that does not exist yet is waited for.")
        {
            shmPath, path, timeout, maxBound,
        };
        command.SetAction(result =>
        {
            var settings = new WaitSyncSettings(
                result.GetValue(path) ?? result.GetRequiredValue(shmPath),
                TimeSpan.FromSeconds(result.GetValue(timeout)),
                result.GetValue(maxBound),
                WaitSyncPollInterval);
            return WaitSyncCommand.Run(settings, output, error, cancellation);
        });
        return command;
    }

    private static Command CreateStatusCommand(TextWriter output, TextWriter error)
    {
        Option<string> shmPath = ShmPathOption();
        Option<string> chronySocket = ChronySocketOption();
        Option<int> udpPort = ChronyUdpPortOption();
        Option<bool> json = JsonOption("Print one JSON object with snake_case keys.");
        var requirePublishing = new Option<bool>("--require-publishing")
        {
            Description = $"Exit {CtlExitCodes.NotPublishing} (after printing) when nothing wrote the segment for {SegmentFacts.PublishingWatch.TotalSeconds:0.0} s: the daemon is dead or stalled. A liveness probe.",
        };
        var command = new Command("status", "Print the segment's fields in words (status, bound, age of the data, void_after, max drift, disruption, owner and mode) and whether chronyd answers. Exit 1 when the segment cannot be read.")
        {
            shmPath, chronySocket, udpPort, json, requirePublishing,
        };
        command.SetAction(result => StatusCommand.Run(
            result.GetRequiredValue(shmPath), result.GetValue(chronySocket) ?? ChronySocketPaths.ResolveDefault(), result.GetValue(json), output, error,
            result.GetValue(udpPort), result.GetValue(requirePublishing)));
        return command;
    }

    private static Command CreateSourcesCommand(TextWriter output, TextWriter error)
    {
        Option<string> chronySocket = ChronySocketOption();
        Option<string> clientDirectory = ClientSocketDirectoryOption();
        Option<int> timeout = ChronyTimeoutOption();
        Option<int> udpPort = ChronyUdpPortOption();
        Option<bool> json = JsonOption("Print one JSON object: chrony_socket, transport, chrony_server and a sources array.");
        var command = new Command("sources", "Ask chronyd for its sources and print them like 'chronyc -n sources'.")
        {
            chronySocket, clientDirectory, timeout, udpPort, json,
        };
        command.SetAction(result => SourcesCommand.Run(
            new ChronyTarget(
                result.GetValue(chronySocket) ?? ChronySocketPaths.ResolveDefault(),
                result.GetValue(clientDirectory),
                TimeSpan.FromMilliseconds(result.GetValue(timeout)),
                result.GetValue(udpPort)),
            result.GetValue(json), output, error));
        return command;
    }

    private static Command CreateDoctorCommand(TextWriter output)
    {
        Option<string> shmPath = ShmPathOption();
        Option<string> chronySocket = ChronySocketOption();
        var chronyConf = new Option<string>("--chrony-conf")
        {
            Description = $"chronyd's configuration [default: {ChronyConfLoader.DebianPath}, or {ChronyConfLoader.RedHatPath} when only that exists]",
            HelpName = "PATH",
            CustomParser = r => ParsePath(r, "--chrony-conf"),
        };
        var vmclock = new Option<string>("--vmclock-path")
        {
            Description = "The VMClock device.",
            HelpName = "PATH",
            DefaultValueFactory = _ => DoctorCommand.DefaultVMClockPath,
            CustomParser = r => ParsePath(r, "--vmclock-path"),
        };
        Option<int> udpPort = ChronyUdpPortOption();
        var daemonUser = new Option<string>("--daemon-user")
        {
            Description = "The user the daemon runs as, for the check of its access to chronyd's socket [default: the running daemon's, else the installed unit's User=, else _chrony or chrony, whichever exists].",
            HelpName = "USER",
            CustomParser = r => ParsePath(r, "--daemon-user"),
        };
        var command = new Command("doctor", "Check the setup: one PASS/WARN/FAIL line per check, with the fix. Exit 0 all passed, 1 a warning, 2 a failure.")
        {
            shmPath, chronySocket, chronyConf, vmclock, udpPort, daemonUser,
        };
        command.SetAction(result => DoctorCommand.Run(
            new DoctorSettings(
                result.GetRequiredValue(shmPath),
                result.GetValue(chronySocket) ?? ChronySocketPaths.ResolveDefault(),
                result.GetValue(chronyConf) ?? ChronyConfLoader.ResolveDefault(),
                result.GetRequiredValue(vmclock))
            {
                ChronyUdpPort = result.GetValue(udpPort),
                DaemonUser = result.GetValue(daemonUser),
            },
            output));
        return command;
    }

    private static Option<string> ChronySocketOption() => new("--chrony-socket")
    {
        Description = $"chronyd's command socket [default: {ChronySocketPaths.Default}, or {ChronySocketPaths.Fallback} when only that exists]",
        HelpName = "PATH",
        CustomParser = r => ParsePath(r, "--chrony-socket"),
    };

    private static Option<string> ClientSocketDirectoryOption() => new("--client-socket-dir")
    {
        Description = "Directory for our own socket, which chronyd replies to [default: the directory of chronyd's socket, where root and chronyd's user may write].",
        HelpName = "DIR",
        CustomParser = r => ParsePath(r, "--client-socket-dir"),
    };

    private static Option<int> ChronyUdpPortOption() => new("--chrony-udp-port")
    {
        Description = "chronyd's UDP command port (chrony.conf 'cmdport'), asked on 127.0.0.1 then ::1 when this user cannot use the command socket, as chronyc does; 0: the socket only.",
        HelpName = "PORT",
        DefaultValueFactory = _ => ChronyUdpConnection.DefaultPort,
        CustomParser = r => ParseWholeNumber(r, "--chrony-udp-port", 0, 65535),
    };

    private static Option<int> ChronyTimeoutOption() => new("--timeout-ms")
    {
        Description = $"How long to wait for each of chronyd's replies, in milliseconds (whole number {MinimumTimeoutMilliseconds}..{MaximumTimeoutMilliseconds}).",
        HelpName = "MS",
        DefaultValueFactory = _ => DefaultTimeoutMilliseconds,
        CustomParser = r => ParseWholeNumber(r, "--timeout-ms", MinimumTimeoutMilliseconds, MaximumTimeoutMilliseconds),
    };

    private static long? ParseDuration(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        long? nanoseconds = DurationText.TryParseNanoseconds(text, out string? error);
        if (nanoseconds is null)
        {
            result.AddError($"--max-bound: {error}");
        }
        return nanoseconds;
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
