namespace ClockBound.Daemon;

/// <summary>The daemon's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Clean shutdown (SIGTERM/SIGINT), or <c>--help</c> / <c>--version</c>.</summary>
    public const int Success = 0;

    /// <summary>
    /// Start-up failed: a segment, the VMClock named with <c>--vmclock-path</c>, or chronyd's
    /// command socket could not be opened. The log says which and why.
    /// </summary>
    public const int StartupFailed = 1;

    /// <summary>Bad command line; stderr says what is wrong and what is allowed.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Stopped by SIGTERM/SIGINT, but the loop did not end within <see cref="DaemonTiming.StopDeadline"/>
    /// (stuck in a system call) and was abandoned; the log says so. Its chronyd client socket
    /// was removed if that could be done in time; the segments stay, as after any stop.
    /// </summary>
    public const int StopTimedOut = 3;
}
