using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// Derives the chrony input of the state machine from a tracking report (daemon.md, "Chrony
/// status"). Pure: the current CLOCK_REALTIME is an argument.
/// </summary>
internal static class ChronyStatusClassifier
{
    /// <summary>A Synchronized report whose ref_time is older than this many update intervals counts as FreeRunning.</summary>
    public const int StaleUpdateIntervals = 8;

    /// <summary>
    /// The shortest stale limit for a positive update interval (1 s). Right after <c>iburst</c>
    /// chronyd updates the clock a few times a second, and ⌊8 × 0.1 s⌋ = 0 would call every report
    /// stale: a first-second FreeRunning while chronyd is plainly hearing from its source.
    /// </summary>
    public const long MinimumStaleLimitNanoseconds = NanosecondsPerSecond;

    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Leap status 0, 1, 2 → Synchronized; 3 → FreeRunning; anything else → Unknown.</summary>
    public static ChronyClockStatus FromLeapStatus(ushort leapStatus) => leapStatus switch
    {
        0 or 1 or 2 => ChronyClockStatus.Synchronized,
        3 => ChronyClockStatus.FreeRunning,
        _ => ChronyClockStatus.Unknown,
    };

    /// <summary>
    /// Classifies <paramref name="report"/> as seen at <paramref name="realtimeNanoseconds"/>
    /// (CLOCK_REALTIME, ns since the Unix epoch, read after the reply arrived). Fails for a
    /// malformed report or a ref_time in the future.
    /// </summary>
    /// <remarks>
    /// chronyd stamps ref_time on its corrected time scale, which may run ahead of
    /// CLOCK_REALTIME by up to |current_correction| while that offset is still being slewed
    /// away; a ref_time within that much of "now" is therefore taken as "just now", not as the
    /// future. Staleness compares the exact age with ⌊8 × last_update_interval⌋ whole seconds, but
    /// at least 1 s when the interval is positive (see <see cref="StaleLimitNanoseconds"/>).
    /// </remarks>
    public static bool TryClassify(in TrackingReport report, long realtimeNanoseconds, out ChronyClockStatus status, out string? error)
    {
        status = ChronyClockStatus.Unknown;
        if (report.RefTimeNanoseconds >= NanosecondsPerSecond || report.RefTimeSeconds < 0)
        {
            error = $"ref_time {report.RefTimeSeconds}.{report.RefTimeNanoseconds:D9} is malformed";
            return false;
        }
        Int128 refTime = (Int128)report.RefTimeSeconds * NanosecondsPerSecond + report.RefTimeNanoseconds;
        Int128 age = realtimeNanoseconds - refTime;
        long tolerance = TrackingErrorBound.CeilingNanoseconds(report.CurrentCorrection);
        if (age < -(Int128)tolerance)
        {
            error = $"ref_time {report.RefTimeSeconds}.{report.RefTimeNanoseconds:D9} is in the future "
                + $"(CLOCK_REALTIME {realtimeNanoseconds / NanosecondsPerSecond}.{realtimeNanoseconds % NanosecondsPerSecond:D9})";
            return false;
        }

        status = FromLeapStatus(report.LeapStatus);
        if (status == ChronyClockStatus.Synchronized)
        {
            ChronyFloat interval = report.LastUpdateInterval;
            if (interval.Coefficient < 0)
            {
                error = $"last_update_interval is negative ({interval} s)";
                status = ChronyClockStatus.Unknown;
                return false;
            }
            if (age > StaleLimitNanoseconds(interval))
            {
                status = ChronyClockStatus.FreeRunning;
            }
        }
        error = null;
        return true;
    }

    /// <summary>
    /// ⌊8 × interval⌋ seconds, in nanoseconds (interval ≥ 0), exactly; at least
    /// <see cref="MinimumStaleLimitNanoseconds"/> for a positive interval. An interval of 0 (one
    /// clock update since chronyd started: no cadence yet) keeps the limit 0.
    /// </summary>
    internal static Int128 StaleLimitNanoseconds(ChronyFloat interval)
    {
        if (interval.Coefficient == 0)
        {
            return 0;
        }
        // 8 × c × 2^p = c × 2^(p + 3); c < 2^24 and p + 3 ≤ 41, so it fits in 128 bits.
        Int128 coefficient = interval.Coefficient;
        int shift = interval.PowerOfTwo + 3;
        Int128 seconds = shift >= 0 ? coefficient << shift : coefficient >> Math.Min(-shift, 127);
        return Int128.Max(seconds * NanosecondsPerSecond, MinimumStaleLimitNanoseconds);
    }
}
