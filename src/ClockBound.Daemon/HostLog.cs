using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>The log lines of the daemon's host (signals, stopping), source-generated like <see cref="Log"/>.</summary>
internal static partial class HostLog
{
    [LoggerMessage(100, LogLevel.Information,
        "{Signal} received: ignored. clockbound has no configuration file to reload and logs to stdout/stderr, so there is nothing to reopen; "
        + "it keeps running (SIGTERM or SIGINT stops it)")]
    public static partial void HangupIgnored(ILogger logger, string signal);

    [LoggerMessage(101, LogLevel.Warning,
        "Signals are taken from the runtime's handlers, which may handle two sent back to back out of order "
        + "(SIGUSR1 then SIGUSR2 could leave a forced disruption held): {Reason}")]
    public static partial void SignalsUnordered(ILogger logger, string reason);

    [LoggerMessage(102, LogLevel.Critical,
        "The loop did not stop within {DeadlineMs} ms of {Signal} (stuck in a system call?): exiting without it, with code {ExitCode}")]
    public static partial void StopTimedOut(ILogger logger, long deadlineMs, string signal, int exitCode);

    [LoggerMessage(103, LogLevel.Warning,
        "Could not close the connection to chronyd within {DeadlineMs} ms while exiting: its client socket file may be left behind "
        + "(the next start removes it)")]
    public static partial void ChronyCloseTimedOut(ILogger logger, long deadlineMs);

    [LoggerMessage(104, LogLevel.Critical, "The loop failed and stopped: {Reason}")]
    public static partial void LoopCrashed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(105, LogLevel.Information,
        "Notifying systemd through {Address}: READY=1 after the first publication, STATUS= on changes; watchdog ping every {WatchdogPingMs} ms of loop progress (0: no watchdog)")]
    public static partial void NotifySocketConnected(ILogger logger, string address, long watchdogPingMs);

    [LoggerMessage(106, LogLevel.Error,
        "Cannot connect to systemd's notification socket {Address} (NOTIFY_SOCKET): {Reason}. Running without notifications: "
        + "a Type=notify unit will time out waiting for READY=1; check the unit's NotifyAccess= and that systemd started this process")]
    public static partial void NotifySocketFailed(ILogger logger, string address, string reason);
}
