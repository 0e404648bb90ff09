using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>
/// The bound the daemon publishes for a tracking report (<see cref="TrackingErrorBound"/>, the
/// daemon's own formula), as the CLI shows it: a number, or the reason the daemon would refuse
/// the report. The PHC error bound the daemon adds when chronyd's reference is the PHC is not
/// included: it comes from sysfs, not from chronyd.
/// </summary>
/// <param name="Nanoseconds">The bound, or null when the daemon would refuse the report.</param>
/// <param name="Error">Why there is no bound; null when there is one.</param>
internal readonly record struct TrackingBound(long? Nanoseconds, string? Error)
{
    /// <summary>The largest bound the daemon publishes.</summary>
    public const long MaximumNanoseconds = TrackingErrorBound.MaximumNanoseconds;

    /// <summary>Computes the bound for <paramref name="report"/>, or the reason the daemon would refuse it.</summary>
    public static TrackingBound For(in TrackingReport report) =>
        TrackingErrorBound.Compute(report, 0, out UInt128 nanoseconds) switch
        {
            TrackingErrorBoundFault.None => new TrackingBound((long)nanoseconds, null),
            TrackingErrorBoundFault.NegativeRootDelay => new TrackingBound(null, "root delay is negative"),
            TrackingErrorBoundFault.NegativeRootDispersion => new TrackingBound(null, "root dispersion is negative"),
            _ => new TrackingBound(null, $"the bound would be {nanoseconds} ns, more than the daemon publishes ({MaximumNanoseconds} ns)"),
        };
}
