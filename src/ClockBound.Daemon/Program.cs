using ClockBound.Daemon;
using Microsoft.Extensions.Logging;

// clockbound: parse, set up logging, run until SIGTERM/SIGINT. Exit codes: see ExitCodes.
CommandLineOutcome outcome = DaemonCommandLine.Parse(args, Console.Out, Console.Error);
if (outcome.Options is not { } options)
{
    return outcome.ExitCode;
}

// Disposed on the way out, which flushes the console logger's queue.
using ILoggerFactory loggers = DaemonLogging.CreateFactory(options.JsonOutput);
return DaemonHost.Run(options, loggers.CreateLogger(DaemonLogging.Category), ChronyControlFactory.Open, SystemDaemonClock.Instance, CancellationToken.None);
