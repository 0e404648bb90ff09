namespace ClockBound.Chrony;

/// <summary>
/// ClockBound's bound on the clock error for one chronyd tracking report (daemon.md, "The bound"):
/// <c>ceil((root_delay / 2 + root_dispersion + |current_correction|) × 1e9) + phc_error_bound_nsec</c>.
/// The daemon publishes it; <c>clockboundctl tracking</c> shows it.
/// </summary>
/// <remarks>
/// Computed exactly: each chrony float is c × 2^p, so the whole seconds and the fractions (in
/// units of 2^−90 s, the finest root_delay / 2 can be) are summed as integers and rounded up once.
/// A double sum could round down, which would be unsound. Allocation-free.
/// </remarks>
public static class TrackingErrorBound
{
    /// <summary>
    /// The largest bound ClockBound publishes (10^18 ns, about 31.7 years). Anything larger means
    /// chronyd reported nonsense; the limit also leaves readers headroom in 64-bit nanoseconds for
    /// <c>bound + drift × elapsed</c> and <c>realtime ± bound</c>.
    /// </summary>
    public const long MaximumNanoseconds = 1_000_000_000_000_000_000;

    private const int FractionBits = 90;
    private const ulong NanosecondsPerSecond = 1_000_000_000;
    private static readonly UInt128 FractionMask = (UInt128.One << FractionBits) - 1;

    /// <summary>
    /// Computes the bound of <paramref name="report"/> plus <paramref name="phcErrorBoundNanoseconds"/>.
    /// </summary>
    /// <param name="report">chronyd's tracking report.</param>
    /// <param name="phcErrorBoundNanoseconds">The PHC's error bound when chronyd's reference is the PHC, else 0.</param>
    /// <param name="nanoseconds">The exact bound, rounded up; set even when it exceeds <see cref="MaximumNanoseconds"/>.</param>
    /// <returns><see cref="TrackingErrorBoundFault.None"/>, or why there is no bound.</returns>
    public static TrackingErrorBoundFault Compute(in TrackingReport report, long phcErrorBoundNanoseconds, out UInt128 nanoseconds) =>
        Compute(report.RootDelay, report.RootDispersion, report.CurrentCorrection, phcErrorBoundNanoseconds, out nanoseconds);

    /// <summary>The same formula from its three tracking fields.</summary>
    /// <inheritdoc cref="Compute(in TrackingReport, long, out UInt128)"/>
    public static TrackingErrorBoundFault Compute(
        ChronyFloat rootDelay, ChronyFloat rootDispersion, ChronyFloat currentCorrection, long phcErrorBoundNanoseconds, out UInt128 nanoseconds)
    {
        nanoseconds = 0;
        if (rootDelay.Coefficient < 0)
        {
            return TrackingErrorBoundFault.NegativeRootDelay;
        }
        if (rootDispersion.Coefficient < 0)
        {
            return TrackingErrorBoundFault.NegativeRootDispersion;
        }
        if (phcErrorBoundNanoseconds < 0)
        {
            return TrackingErrorBoundFault.NegativePhcErrorBound;
        }

        UInt128 seconds = 0;
        UInt128 fraction = 0;
        AddTerm(rootDelay.Coefficient, rootDelay.PowerOfTwo - 1, ref seconds, ref fraction);
        AddTerm(rootDispersion.Coefficient, rootDispersion.PowerOfTwo, ref seconds, ref fraction);
        AddTerm(Math.Abs((long)currentCorrection.Coefficient), currentCorrection.PowerOfTwo, ref seconds, ref fraction);
        nanoseconds = ToCeilingNanoseconds(seconds, fraction) + (ulong)phcErrorBoundNanoseconds;
        return nanoseconds > MaximumNanoseconds ? TrackingErrorBoundFault.TooLarge : TrackingErrorBoundFault.None;
    }

    /// <summary>⌈|value| × 1e9⌉ for a single chrony float, saturated at <see cref="long.MaxValue"/>.</summary>
    public static long CeilingNanoseconds(ChronyFloat value)
    {
        UInt128 seconds = 0;
        UInt128 fraction = 0;
        AddTerm(Math.Abs((long)value.Coefficient), value.PowerOfTwo, ref seconds, ref fraction);
        UInt128 nanoseconds = ToCeilingNanoseconds(seconds, fraction);
        return nanoseconds > long.MaxValue ? long.MaxValue : (long)nanoseconds;
    }

    // magnitude < 2^25 and −90 ≤ powerOfTwo ≤ 38, so whole seconds stay below 2^63 per term and
    // the fraction below 2^90: three terms cannot overflow 128 bits.
    private static void AddTerm(long magnitude, int powerOfTwo, ref UInt128 seconds, ref UInt128 fraction)
    {
        var value = (UInt128)(ulong)magnitude;
        if (powerOfTwo >= 0)
        {
            seconds += value << powerOfTwo;
            return;
        }
        seconds += value >> -powerOfTwo;
        fraction += (value & ((UInt128.One << -powerOfTwo) - 1)) << (FractionBits + powerOfTwo);
    }

    private static UInt128 ToCeilingNanoseconds(UInt128 seconds, UInt128 fraction)
    {
        seconds += fraction >> FractionBits;
        fraction &= FractionMask;
        // fraction < 2^90 and 1e9 < 2^30: the product fits.
        return seconds * NanosecondsPerSecond + ((fraction * NanosecondsPerSecond + FractionMask) >> FractionBits);
    }
}
