using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using ClockBound.Common;
using ClockBound.Shm;
using ClockBound.VMClock;

namespace ClockBound.Daemon;

/// <summary>
/// The <c>clockbound</c> command line: the reference daemon's flags plus options for the paths it
/// hard-codes. Parsing is pure apart from the writers and the file-existence probe used to pick
/// chronyd's default socket.
/// </summary>
internal static class DaemonCommandLine
{
    /// <summary>Default <c>--max-drift-rate</c> (PPM); using it triggers a loud warning.</summary>
    public const uint DefaultMaxDriftRatePpm = 1;

    /// <summary>Smallest <c>--max-drift-rate</c>: no real oscillator is perfect, so 0 is refused.</summary>
    public const uint MinimumMaxDriftRatePpm = 1;

    /// <summary>Largest <c>--max-drift-rate</c>: × 1000 it must stay below 1e9 ppb, the segment's limit.</summary>
    public const uint MaximumMaxDriftRatePpm = 999_999;

    /// <summary>Default <c>--poll-interval-ms</c>.</summary>
    public const int DefaultPollIntervalMilliseconds = 100;

    /// <summary>Smallest <c>--poll-interval-ms</c>: each loop asks chronyd, which should not be flooded.</summary>
    public const int MinimumPollIntervalMilliseconds = 10;

    /// <summary>
    /// Largest <c>--poll-interval-ms</c>: clients report a Synchronized status as such only
    /// within 5 s of <c>as_of</c>, and the daemon feeds FreeRunning for 5 s after chronyd stops
    /// answering; a 1 s poll keeps both well inside that window.
    /// </summary>
    public const int MaximumPollIntervalMilliseconds = 1000;

    /// <summary>chronyd's command socket, tried first.</summary>
    public const string DefaultChronySocketPath = "/run/chrony/chronyd.sock";

    /// <summary>Used when <see cref="DefaultChronySocketPath"/> does not exist but this does.</summary>
    public const string FallbackChronySocketPath = "/var/run/chrony/chronyd.sock";

    /// <summary>The <c>--shm-v1-path</c> value that disables the version 1 segment.</summary>
    public const string DisabledPath = "none";

    private const int MaximumInterfaceNameLength = 15; // IFNAMSIZ − 1

    /// <summary>
    /// Parses <paramref name="args"/>. Help and version go to <paramref name="output"/> (exit 0);
    /// errors go to <paramref name="error"/>, one line each, with what is allowed (exit 2).
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where help and version are printed.</param>
    /// <param name="error">Where errors are printed.</param>
    /// <param name="pathExists">Probe for the chronyd socket fallback; <see cref="Path.Exists"/> by default.</param>
    /// <param name="invalidUtf8Arguments">
    /// Indexes into <paramref name="args"/> of the arguments whose bytes were not UTF-8 (.NET
    /// decoded them with U+FFFD, so they no longer name the file meant): refused.
    /// </param>
    public static CommandLineOutcome Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<string, bool>? pathExists = null,
        IReadOnlySet<int>? invalidUtf8Arguments = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        pathExists ??= Path.Exists;
        if (invalidUtf8Arguments is { Count: > 0 })
        {
            return Fail(error, invalidUtf8Arguments.Order().Where(i => i < args.Count).Select(i => NotUtf8(args, i)));
        }

        var maxDriftRate = new Option<uint>("--max-drift-rate", "-m")
        {
            Description = $"Maximum drift rate of the local oscillator, in PPM (whole number {MinimumMaxDriftRatePpm}..{MaximumMaxDriftRatePpm}). "
                + "Set it to the oscillator's real bound (50 is safe for most hardware), and chronyd's maxclockerror to the same value.",
            HelpName = "PPM",
            DefaultValueFactory = _ => DefaultMaxDriftRatePpm,
            CustomParser = r => ParseWholeNumber(r, "--max-drift-rate", MinimumMaxDriftRatePpm, MaximumMaxDriftRatePpm, "PPM"),
        };
        // Flags take no value (as in the reference daemon): "-d false" is refused, not read as "off".
        var jsonOutput = new Option<bool>("--json-output", "-j")
        {
            Description = "Write log lines as JSON objects, one per line.",
            Arity = ArgumentArity.Zero,
        };
        var disableDisruption = new Option<bool>("--disable-clock-disruption-support", "-d")
        {
            Description = "Do not watch the VMClock for clock disruptions, and ignore SIGUSR1/SIGUSR2.",
            Arity = ArgumentArity.Zero,
        };
        var phcRefId = new Option<string>("--phc-ref-id", "-r")
        {
            Description = "Reference id chronyd reports for the PTP hardware clock (1-4 printable ASCII characters, e.g. PHC0). Requires -i.",
            HelpName = "REFID",
            CustomParser = ParseRefId,
        };
        var phcInterface = new Option<string>("--phc-interface", "-i")
        {
            Description = "Network interface carrying the PTP hardware clock (e.g. eth0). Requires -r.",
            HelpName = "IFACE",
            CustomParser = ParseInterfaceName,
        };
        var boundSource = new Option<string>("--clock-error-bound-source")
        {
            Description = "Where the clock error bound comes from: chrony (case-insensitive). vmclock is refused: see the documentation.",
            HelpName = "chrony|vmclock",
            DefaultValueFactory = _ => "chrony",
            CustomParser = ParseBoundSource,
        };
        var shmPath = new Option<string>("--shm-path")
        {
            Description = "Path of the version 2 shared-memory segment.",
            HelpName = "PATH",
            DefaultValueFactory = _ => SegmentLayout.DefaultPathV2,
            CustomParser = r => ParsePath(r, "--shm-path"),
        };
        var shmV1Path = new Option<string>("--shm-v1-path")
        {
            Description = $"Path of the version 1 shared-memory segment, for ClockBound 1.x clients; '{DisabledPath}' disables it.",
            HelpName = "PATH",
            DefaultValueFactory = _ => SegmentLayout.DefaultPathV1,
            CustomParser = r => ParsePath(r, "--shm-v1-path"),
        };
        var chronySocket = new Option<string>("--chrony-socket")
        {
            Description = $"chronyd's command socket [default: {DefaultChronySocketPath}, or {FallbackChronySocketPath} when only that exists]",
            HelpName = "PATH",
            CustomParser = r => ParsePath(r, "--chrony-socket"),
        };
        var vmclockPath = new Option<string>("--vmclock-path")
        {
            Description = "VMClock device. When given explicitly it must open, or the daemon exits; "
                + "when the default is missing, the daemon runs without clock disruption support.",
            HelpName = "PATH",
            DefaultValueFactory = _ => VMClockLayout.DefaultPath,
            CustomParser = r => ParsePath(r, "--vmclock-path"),
        };
        var sysfsRoot = new Option<string>("--sysfs-root")
        {
            Description = "Where sysfs is mounted (the PHC error bound is read from it).",
            HelpName = "PATH",
            DefaultValueFactory = _ => DaemonOptions.DefaultSysfsRoot,
            CustomParser = r => ParsePath(r, "--sysfs-root"),
        };
        var pollInterval = new Option<int>("--poll-interval-ms")
        {
            Description = $"Milliseconds between two samples of chronyd (whole number {MinimumPollIntervalMilliseconds}..{MaximumPollIntervalMilliseconds}).",
            HelpName = "MS",
            DefaultValueFactory = _ => DefaultPollIntervalMilliseconds,
            CustomParser = r => (int)ParseWholeNumber(r, "--poll-interval-ms", MinimumPollIntervalMilliseconds, MaximumPollIntervalMilliseconds, "milliseconds"),
        };
        var metricsListen = new Option<MetricsListenAddress>(MetricsListenAddress.Flag)
        {
            Description = "Serve Prometheus metrics on http://ADDR:PORT/metrics (e.g. 127.0.0.1:9464). Off by default.",
            HelpName = "ADDR:PORT",
            CustomParser = ParseMetricsListen,
        };

        var root = new RootCommand("clockbound: publishes a bound on the system clock's error, from chronyd, in shared memory for ClockBound clients.")
        {
            maxDriftRate, jsonOutput, disableDisruption, phcRefId, phcInterface, boundSource,
            shmPath, shmV1Path, chronySocket, vmclockPath, sysfsRoot, pollInterval, metricsListen,
        };
        foreach (Option option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Aliases.Add("-V");
                version.Action = new PrintVersionAction(output, "clockbound");
            }
        }
        root.Validators.Add(result =>
        {
            bool hasRefId = result.GetResult(phcRefId) is not null;
            bool hasInterface = result.GetResult(phcInterface) is not null;
            if (hasRefId && !hasInterface)
            {
                result.AddError("-r/--phc-ref-id requires -i/--phc-interface (the interface whose PHC error bound is read)");
            }
            else if (hasInterface && !hasRefId)
            {
                result.AddError("-i/--phc-interface requires -r/--phc-ref-id (the reference id chronyd reports for the PHC)");
            }
        });

        ParseResult parsed = root.Parse(args);
        if (parsed.Action is HelpAction or PrintVersionAction && parsed.Errors.Count == 0)
        {
            int code = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return new CommandLineOutcome(null, code);
        }
        if (parsed.Errors.Count > 0)
        {
            var allowed = new Dictionary<Option, string>
            {
                [maxDriftRate] = $"a whole number of PPM from {MinimumMaxDriftRatePpm} to {MaximumMaxDriftRatePpm}",
                [phcRefId] = "1-4 printable ASCII characters, e.g. PHC0",
                [phcInterface] = $"a network interface name of 1-{MaximumInterfaceNameLength} characters, e.g. eth0",
                [boundSource] = "chrony (vmclock is refused)",
                [shmPath] = "a path",
                [shmV1Path] = $"a path, or '{DisabledPath}'",
                [chronySocket] = "the path of chronyd's command socket",
                [vmclockPath] = "a path",
                [sysfsRoot] = "a path",
                [pollInterval] = $"a whole number of milliseconds from {MinimumPollIntervalMilliseconds} to {MaximumPollIntervalMilliseconds}",
                [metricsListen] = MetricsListenAddress.Allowed,
            };
            return Fail(error, parsed.Errors.Select(e => Explain(e, allowed, root)).Distinct());
        }

        string v2 = parsed.GetRequiredValue(shmPath);
        string v1Text = parsed.GetRequiredValue(shmV1Path);
        string? v1 = v1Text == DisabledPath ? null : v1Text;
        if (v1 is not null && string.Equals(Path.GetFullPath(v1), Path.GetFullPath(v2), StringComparison.Ordinal))
        {
            return Fail(error, [$"--shm-v1-path and --shm-path are both '{v2}': the version 1 and version 2 segments need different files ('{DisabledPath}' disables version 1)"]);
        }

        string? refIdText = parsed.GetValue(phcRefId);
        uint? refId = null;
        if (refIdText is not null && PhcRefId.TryParse(refIdText, out uint packed, out _))
        {
            refId = packed;
        }

        string? socket = parsed.GetValue(chronySocket);
        if (socket is null)
        {
            socket = !pathExists(DefaultChronySocketPath) && pathExists(FallbackChronySocketPath)
                ? FallbackChronySocketPath
                : DefaultChronySocketPath;
        }
        else if (PathLimits.CheckChronySocket(socket) is string tooLong)
        {
            return Fail(error, [tooLong]);
        }

        var options = new DaemonOptions
        {
            MaxDriftRatePpm = parsed.GetValue(maxDriftRate),
            MaxDriftRateGiven = parsed.GetResult(maxDriftRate) is { Implicit: false },
            JsonOutput = parsed.GetValue(jsonOutput),
            DisableClockDisruptionSupport = parsed.GetValue(disableDisruption),
            PhcRefIdText = refIdText,
            PhcRefId = refId,
            PhcInterface = parsed.GetValue(phcInterface),
            ShmPath = v2,
            ShmV1Path = v1,
            ChronySocketPath = socket,
            VMClockPath = parsed.GetRequiredValue(vmclockPath),
            VMClockPathGiven = parsed.GetResult(vmclockPath) is { Implicit: false },
            SysfsRoot = parsed.GetRequiredValue(sysfsRoot),
            PollInterval = TimeSpan.FromMilliseconds(parsed.GetValue(pollInterval)),
            MetricsListen = parsed.GetValue(metricsListen),
        };
        return new CommandLineOutcome(options, ExitCodes.Success);
    }

    private static CommandLineOutcome Fail(TextWriter error, IEnumerable<string> messages)
    {
        foreach (string message in messages)
        {
            error.WriteLine($"clockbound: error: {message}");
        }
        error.WriteLine("Run 'clockbound --help' for the options and their allowed values.");
        return new CommandLineOutcome(null, ExitCodes.UsageError);
    }

    private static uint ParseWholeNumber(ArgumentResult result, string option, long minimum, long maximum, string unit)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < minimum || value > maximum)
        {
            result.AddError($"{option} must be a whole number of {unit} from {minimum} to {maximum}; got '{text}'");
            return 0;
        }
        return (uint)value;
    }

    private static MetricsListenAddress? ParseMetricsListen(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!MetricsListenAddress.TryParse(text, out MetricsListenAddress? address, out string? message))
        {
            result.AddError(message);
            return null;
        }
        return address;
    }

    private static string? ParseRefId(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!PhcRefId.TryParse(text, out _, out string? message))
        {
            result.AddError($"-r/--phc-ref-id: {message}");
            return null;
        }
        return text;
    }

    private static string? ParseInterfaceName(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        // The name becomes a sysfs path component: no separators, no "." or "..", no blanks.
        bool valid = text.Length is > 0 and <= MaximumInterfaceNameLength
            && text is not ("." or "..")
            && text.All(c => c is > ' ' and < '\u007f' and not '/' and not ':');
        if (!valid)
        {
            result.AddError($"-i/--phc-interface: '{text}' is not a network interface name (1-{MaximumInterfaceNameLength} printable ASCII characters, no '/', ':' or blanks, not '.' or '..')");
            return null;
        }
        return text;
    }

    private static string? ParseBoundSource(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (text.Equals("chrony", StringComparison.OrdinalIgnoreCase))
        {
            return "chrony";
        }
        if (text.Equals("vmclock", StringComparison.OrdinalIgnoreCase))
        {
            result.AddError("--clock-error-bound-source vmclock is not supported: the VMClock's error bound is for the hypervisor's "
                + "clock, not for this guest's CLOCK_REALTIME, so publishing it would not bound this system clock's error "
                + "(the reference daemon leaves this source unimplemented too). Use chrony (the default).");
            return null;
        }
        result.AddError($"--clock-error-bound-source must be chrony or vmclock (any case); got '{text}'");
        return null;
    }

    private static string? ParsePath(ArgumentResult result, string option)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (text.Length == 0 || text.Contains('\0'))
        {
            result.AddError($"{option} must be a non-empty path; got '{text}'");
            return null;
        }
        if (PathLimits.Check(option, text) is string message)
        {
            result.AddError(message);
            return null;
        }
        return text;
    }

    // System.CommandLine's own messages name the flag as typed but not what it takes: say it.
    private static string Explain(ParseError parseError, Dictionary<Option, string> allowed, RootCommand root)
    {
        Option? option = parseError.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        string message = parseError.Message;
        if (option is not null && allowed.TryGetValue(option, out string? values))
        {
            if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
            {
                return $"{Names(option)} needs a value: {values}";
            }
            if (message.Contains("expects a single argument", StringComparison.Ordinal))
            {
                return $"{Names(option)} was given more than once; give it once, with {values}";
            }
        }
        if (message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal))
        {
            // Every flag, short forms too: the typo is usually obvious next to the real name.
            string all = string.Join(", ", root.Options.Where(o => !o.Hidden).OrderBy(o => o is HelpOption or VersionOption).Select(Names));
            return $"{message.TrimEnd('.')}: clockbound takes no positional arguments, and its options are {all}";
        }
        return message;
    }

    private static string Names(Option option) =>
        string.Join('/', option.Aliases.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a.StartsWith('-')).Order(StringComparer.Ordinal)
            .Append(option.Name));

    // Names the flag the argument at `index` belongs to: "--flag=value", or the one before it.
    private static string NotUtf8(IReadOnlyList<string> args, int index)
    {
        string argument = args[index];
        int equals = argument.IndexOf('=', StringComparison.Ordinal);
        string? flag = argument.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? argument[..equals]
            : index > 0 && args[index - 1].StartsWith('-') ? args[index - 1]
            : null;
        string what = flag is null ? $"argument {index + 1}" : $"the value of {flag}";
        return $"{what} is not valid UTF-8 ('{argument}', with U+FFFD for the bytes that are not): it would name another file "
            + "than the one meant. Give paths in UTF-8 (rename the file or directory, or use a symbolic link with a UTF-8 name).";
    }
}
