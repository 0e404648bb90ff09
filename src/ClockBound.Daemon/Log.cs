using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// Every log line the daemon writes, source-generated (no boxing or reflection: NativeAOT-safe,
/// and nothing is formatted unless the level is enabled).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "clockbound {Version} starting (pid {ProcessId})")]
    public static partial void Starting(ILogger logger, string version, int processId);

    [LoggerMessage(2, LogLevel.Information, "Max drift rate {DriftPpm} PPM ({DriftPpb} ppb); poll interval {PollIntervalMs} ms; chronyd socket {ChronySocket}")]
    public static partial void Settings(ILogger logger, uint driftPpm, uint driftPpb, long pollIntervalMs, string chronySocket);

    [LoggerMessage(3, LogLevel.Warning,
        "--max-drift-rate was not given, so the default of 1 PPM is used: that is almost certainly too optimistic for this "
        + "host's oscillator, and clients will get bounds that may not hold while the clock runs free. Set -m/--max-drift-rate "
        + "to the oscillator's real bound (50 PPM is safe for most hardware) and chronyd's maxclockerror to the same value.")]
    public static partial void DefaultDriftRate(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Publishing segment version {Version} at {Path} ({Mode})")]
    public static partial void SegmentOpened(ILogger logger, int version, string path, string mode);

    [LoggerMessage(5, LogLevel.Information, "Segment version 1 disabled (--shm-v1-path none)")]
    public static partial void SegmentV1Disabled(ILogger logger);

    [LoggerMessage(6, LogLevel.Critical, "Cannot open segment version {Version} at {Path}: {Reason}")]
    public static partial void SegmentOpenFailed(ILogger logger, int version, string path, string reason);

    [LoggerMessage(7, LogLevel.Information, "Clock disruption support enabled: watching the VMClock at {Path}; SIGUSR1 forces a disruption, SIGUSR2 ends it")]
    public static partial void DisruptionSupportEnabled(ILogger logger, string path);

    [LoggerMessage(8, LogLevel.Information, "Clock disruption support disabled (-d/--disable-clock-disruption-support)")]
    public static partial void DisruptionSupportDisabledByFlag(ILogger logger);

    [LoggerMessage(9, LogLevel.Warning, "{Message}")]
    public static partial void DisruptionSupportUnavailable(ILogger logger, string message);

    [LoggerMessage(10, LogLevel.Critical, "{Message}")]
    public static partial void DisruptionSupportFailed(ILogger logger, string message);

    [LoggerMessage(11, LogLevel.Information, "PHC error bound added when chronyd's reference id is {RefIdText} (0x{RefId:X8}); bound read through {UeventPath}")]
    public static partial void PhcConfigured(ILogger logger, string refIdText, uint refId, string ueventPath);

    [LoggerMessage(12, LogLevel.Critical, "Cannot open chronyd's command socket {Path}: {Reason}")]
    public static partial void ChronyOpenFailed(ILogger logger, string path, string reason);

    [LoggerMessage(13, LogLevel.Information, "Stopping ({Signal})")]
    public static partial void Stopping(ILogger logger, string signal);

    [LoggerMessage(14, LogLevel.Information, "Stopped; the segments stay in place for clients and for a warm restart")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(20, LogLevel.Information, "Clock status {Previous} -> {Status} (chrony {Chrony}, disruption {Disruption}, bound {BoundNanoseconds} ns)")]
    public static partial void StatusPublished(ILogger logger, string previous, ClockStatus status, ChronyClockStatus chrony, DisruptionState disruption, long boundNanoseconds);

    [LoggerMessage(21, LogLevel.Information, "Chrony status {Previous} -> {Current}")]
    public static partial void ChronyStatusChanged(ILogger logger, ChronyClockStatus previous, ChronyClockStatus current);

    // Lines that can repeat every poll carry {Suppressed}: how many like it LogRateLimiter held back since the last one.

    [LoggerMessage(22, LogLevel.Warning, "Sample failed, feeding chrony status {Fed}: {Reason} ({Suppressed} similar lines suppressed)")]
    public static partial void SampleFailed(ILogger logger, string reason, ChronyClockStatus fed, int suppressed);

    [LoggerMessage(28, LogLevel.Error, "Sample failed, feeding chrony status {Fed}: {Reason}; fix: {Fix} (a cause that stays until fixed: repeated every {RepeatMinutes} min, {Suppressed} similar lines suppressed)")]
    public static partial void SampleFailedPersistently(ILogger logger, string reason, string fix, ChronyClockStatus fed, long repeatMinutes, int suppressed);

    [LoggerMessage(23, LogLevel.Information, "chronyd answers again after {Count} failed samples ({Suppressed} failure lines suppressed)")]
    public static partial void SamplesRecovered(ILogger logger, int count, int suppressed);

    [LoggerMessage(24, LogLevel.Error, "Cannot write the segment: {Reason} ({Suppressed} similar lines suppressed)")]
    public static partial void SegmentWriteFailed(ILogger logger, string reason, int suppressed);

    [LoggerMessage(25, LogLevel.Error, "Loop iteration failed unexpectedly ({Failures} in a row, {Suppressed} similar lines suppressed); continuing")]
    public static partial void IterationFailed(ILogger logger, int failures, int suppressed, Exception exception);

    [LoggerMessage(26, LogLevel.Information, "Loop iterations succeed again after {Failures} failures in a row ({Suppressed} failure lines suppressed)")]
    public static partial void IterationsRecovered(ILogger logger, int failures, int suppressed);

    [LoggerMessage(27, LogLevel.Information, "The segment can be written again ({Suppressed} failure lines suppressed)")]
    public static partial void SegmentWriteRecovered(ILogger logger, int suppressed);

    [LoggerMessage(30, LogLevel.Information, "Disruption marker {Marker} read from {Source}")]
    public static partial void InitialDisruptionMarker(ILogger logger, ulong marker, string source);

    [LoggerMessage(31, LogLevel.Warning, "Clock disruption: the VMClock marker changed from {Previous} to {Current}; status Disrupted until chronyd's sources are reset")]
    public static partial void DisruptionDetected(ILogger logger, ulong previous, ulong current);

    [LoggerMessage(32, LogLevel.Error, "Cannot read the disruption marker from {Source}: {Reason}; disruption state Unknown ({Suppressed} similar lines suppressed)")]
    public static partial void DisruptionSourceFailed(ILogger logger, string source, string reason, int suppressed);

    [LoggerMessage(33, LogLevel.Information, "The disruption marker can be read from {Source} again ({Suppressed} failure lines suppressed)")]
    public static partial void DisruptionSourceRecovered(ILogger logger, string source, int suppressed);

    [LoggerMessage(34, LogLevel.Warning, "SIGUSR1: forced clock disruption; status Disrupted until SIGUSR2")]
    public static partial void ForcedDisruptionStarted(ILogger logger);

    [LoggerMessage(35, LogLevel.Information, "SIGUSR2: forced clock disruption ended; resetting chronyd's sources before leaving Disrupted")]
    public static partial void ForcedDisruptionEnded(ILogger logger);

    [LoggerMessage(36, LogLevel.Information, "SIGUSR2 ignored: no forced disruption is active ({Suppressed} similar lines suppressed)")]
    public static partial void NoForcedDisruption(ILogger logger, int suppressed);

    [LoggerMessage(37, LogLevel.Warning, "{Signal} ignored: clock disruption support is disabled ({Suppressed} similar lines suppressed)")]
    public static partial void SignalIgnored(ILogger logger, string signal, int suppressed);

    [LoggerMessage(38, LogLevel.Information, "SIGUSR1: forced clock disruption renewed (it already held); chronyd's sources are reset again ({Suppressed} similar lines suppressed)")]
    public static partial void ForcedDisruptionRepeated(ILogger logger, int suppressed);

    [LoggerMessage(40, LogLevel.Information, "Resetting chronyd's sources (RESET_SOURCES, then BURST)")]
    public static partial void ResetStarted(ILogger logger);

    [LoggerMessage(41, LogLevel.Information, "chronyd's sources were reset; asking for a burst")]
    public static partial void ResetSourcesDone(ILogger logger);

    [LoggerMessage(42, LogLevel.Debug, "{Command} attempt {Attempt} failed: {Reason}")]
    public static partial void ResetCommandFailed(ILogger logger, string command, int attempt, string? reason);

    [LoggerMessage(43, LogLevel.Warning, "{Command} failed {Attempts} times (last: {Reason}); starting the reset again in {BackoffSeconds} s")]
    public static partial void ResetRoundFailed(ILogger logger, string command, int attempts, string? reason, long backoffSeconds);

    [LoggerMessage(44, LogLevel.Information, "Retrying the reset of chronyd's sources")]
    public static partial void ResetRestarting(ILogger logger);

    [LoggerMessage(45, LogLevel.Information, "chronyd's sources were reset and a burst requested; disruption state Unknown until the next VMClock read")]
    public static partial void ResetCompleted(ILogger logger);

    [LoggerMessage(46, LogLevel.Information, "chronyd's sources were reset, but the forced disruption holds until SIGUSR2")]
    public static partial void ResetDoneButHeld(ILogger logger);
}
