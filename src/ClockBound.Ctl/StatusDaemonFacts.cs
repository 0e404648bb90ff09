namespace ClockBound.Ctl;

/// <summary>What <c>status</c> learns of the daemon from its condition file, at <paramref name="Now"/>.</summary>
/// <param name="Condition">The file's content; null when there is no file (or it is unreadable: <paramref name="Error"/>).</param>
/// <param name="Running">Whether the pid in the file is running.</param>
/// <param name="Error">Why the file could not be read; null when it could, or does not exist.</param>
/// <param name="Now">CLOCK_REALTIME (UTC) when it was read.</param>
internal sealed record StatusDaemonFacts(StatusDaemonCondition? Condition, bool Running, string? Error, DateTime Now)
{
    /// <summary>Reads the condition file next to <paramref name="segmentPath"/>.</summary>
    public static StatusDaemonFacts Gather(string segmentPath)
    {
        StatusDaemonCondition? condition = StatusDaemonCondition.Read(segmentPath, out string? error);
        return new StatusDaemonFacts(condition, condition?.IsRunning() ?? false, error, DateTime.UtcNow);
    }
}
