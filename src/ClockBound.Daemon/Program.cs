using System.Text.Unicode;
using ClockBound.Daemon;
using ClockBound.Interop;
using Microsoft.Extensions.Logging;

// clockbound: parse, set up logging, run until SIGTERM/SIGINT. Exit codes: see ExitCodes.
// Signals first. The process re-executes itself once with its signals blocked, so that every
// thread blocks them and one thread reads them in order from a signalfd; the runtime's handlers
// stay registered as the fallback (until one exists, a SIGUSR1, SIGUSR2 or SIGHUP kills it).
string? unordered = OrderedSignalReader.EnsureBlockedSinceStart();
var signals = new DaemonSignalRelay();
using DaemonSignals registration = signals.Register();
if (unordered is null)
{
    string? problem = OrderedSignalReader.Start(signals.OnSignal, reason => signals.OnStop($"cannot read signals any more: {reason}"));
    if (problem is not null)
    {
        // The signals are blocked on every thread: without the reader even SIGTERM would be lost.
        Console.Error.WriteLine($"clockbound: error: cannot open a signalfd for the daemon's signals: {problem}");
        return ExitCodes.StartupFailed;
    }
}

CommandLineOutcome outcome = DaemonCommandLine.Parse(args, Console.Out, Console.Error, invalidUtf8Arguments: InvalidUtf8Arguments(args.Length));
if (outcome.Options is not { } options)
{
    return outcome.ExitCode;
}

// Disposed on the way out, which flushes the console logger's queue.
using ILoggerFactory loggers = DaemonLogging.CreateFactory(options.JsonOutput);
ILogger logger = loggers.CreateLogger(DaemonLogging.Category);
if (unordered is not null)
{
    HostLog.SignalsUnordered(logger, unordered);
}
return DaemonHost.Run(options, logger, static path => new LazyChronyConnection(path), SystemDaemonClock.Instance, signals, CancellationToken.None,
    notifySettings: SystemdNotifySettings.FromEnvironment());

// .NET turns bytes that are not UTF-8 into U+FFFD; the kernel still has them.
static HashSet<int> InvalidUtf8Arguments(int count)
{
    var invalid = new HashSet<int>();
    byte[][] raw;
    try
    {
        raw = ProcessImage.RawArguments();
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return invalid; // no /proc: nothing more to check than .NET's decoding
    }
    // The arguments are the last `count` entries (before them: the program, or `dotnet x.dll`).
    for (int i = 0; i < count && i < raw.Length; i++)
    {
        if (!Utf8.IsValid(raw[raw.Length - count + i]))
        {
            invalid.Add(i);
        }
    }
    return invalid;
}
