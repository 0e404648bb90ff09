using ClockBound.Daemon;
using Microsoft.Extensions.Logging;

// clockbound: parse, set up logging, run until SIGTERM/SIGINT. Exit codes: see ExitCodes.
// The signal handlers come first: until they exist, a SIGUSR1 or SIGUSR2 kills the process.
var signals = new DaemonSignalRelay();
using DaemonSignals registration = signals.Register();
CommandLineOutcome outcome = DaemonCommandLine.Parse(args, Console.Out, Console.Error);
if (outcome.Options is not { } options)
{
    return outcome.ExitCode;
}

// Disposed on the way out, which flushes the console logger's queue.
using ILoggerFactory loggers = DaemonLogging.CreateFactory(options.JsonOutput);
return DaemonHost.Run(options, loggers.CreateLogger(DaemonLogging.Category), static path => new LazyChronyConnection(path), SystemDaemonClock.Instance, signals, CancellationToken.None);
