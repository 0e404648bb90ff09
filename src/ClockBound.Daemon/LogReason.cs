namespace ClockBound.Daemon;

/// <summary>
/// The log lines that can repeat as fast as the loop polls or signals arrive; each is one reason
/// (one message template) for <see cref="LogRateLimiter"/>, whatever numbers its text carries.
/// </summary>
internal enum LogReason
{
    /// <summary>chronyd did not answer the tracking query (a cause that may pass: chronyd starting, restarting, busy).</summary>
    TrackingQueryFailed,

    /// <summary>
    /// chronyd cannot be reached for a cause that stays until someone acts: no permission on its
    /// socket or socket directory, or that directory missing (<see cref="Chrony.ChronyFailureAdvice.IsPersistent"/>).
    /// </summary>
    ChronyUnreachable,

    /// <summary>chronyd answered with a report the daemon refuses (e.g. a ref_time in the future).</summary>
    TrackingReportRejected,

    /// <summary>chronyd's reference is the PHC, but the PHC's bound cannot be read.</summary>
    PhcBoundUnavailable,

    /// <summary>The report's bound is negative or absurdly large.</summary>
    BoundRejected,

    /// <summary>The VMClock marker cannot be read.</summary>
    DisruptionSourceFailed,

    /// <summary>A segment cannot be written.</summary>
    SegmentWriteFailed,

    /// <summary>An iteration threw (a bug, or an unexpected failure of a dependency).</summary>
    IterationFailed,

    /// <summary>SIGUSR1 without disruption support.</summary>
    Sigusr1Ignored,

    /// <summary>SIGUSR2 without disruption support.</summary>
    Sigusr2Ignored,

    /// <summary>SIGUSR1 while a forced disruption already holds.</summary>
    ForcedDisruptionRepeated,

    /// <summary>SIGUSR2 without a forced disruption.</summary>
    NoForcedDisruption,
}

/// <summary>Which <see cref="LogReason"/>s are persistent causes, repeated at the slower rate.</summary>
internal static class LogReasons
{
    /// <summary>Whether <paramref name="reason"/> names a cause that cannot resolve itself.</summary>
    public static bool IsPersistent(LogReason reason) => reason == LogReason.ChronyUnreachable;
}
