using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>The log lines of a segment that disappeared from its path while the daemon ran.</summary>
internal static partial class SegmentRestoreLog
{
    [LoggerMessage(120, LogLevel.Warning,
        "Segment version {Version} at {Path} was deleted or replaced by someone else; recreated it. Clients that still map "
        + "the old file see Unknown from now on, and see the daemon's data again once they reopen the path")]
    public static partial void Recreated(ILogger logger, int version, string path);

    [LoggerMessage(121, LogLevel.Error,
        "Segment version {Version} at {Path} was deleted or replaced by someone else, and recreating it failed: {Reason}. "
        + "New clients cannot open it; retrying every loop")]
    public static partial void RecreateFailed(ILogger logger, int version, string path, string reason);
}
