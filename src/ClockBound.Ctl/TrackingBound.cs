using System.Numerics;
using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>
/// The bound the daemon publishes for a tracking report (daemon.md, "The bound"):
/// <c>ceil((root_delay / 2 + root_dispersion + |current_correction|) × 1e9)</c> nanoseconds, summed
/// exactly before the single ceiling. The PHC error bound the daemon adds when chronyd's reference
/// is the PHC is not included: it comes from sysfs, not from chronyd.
/// </summary>
/// <param name="Nanoseconds">The bound, or null when the daemon would refuse the report.</param>
/// <param name="Error">Why there is no bound; null when there is one.</param>
internal readonly record struct TrackingBound(long? Nanoseconds, string? Error)
{
    /// <summary>The largest bound the daemon publishes (10^18 ns); anything larger means chronyd reported nonsense.</summary>
    public const long MaximumNanoseconds = 1_000_000_000_000_000_000;

    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Computes the bound for <paramref name="report"/>, or the reason the daemon would refuse it.</summary>
    public static TrackingBound For(TrackingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.RootDelay.Coefficient < 0)
        {
            return new TrackingBound(null, "root delay is negative");
        }
        if (report.RootDispersion.Coefficient < 0)
        {
            return new TrackingBound(null, "root dispersion is negative");
        }

        // Every term is c × 2^p with p ≥ −90 (root_delay / 2 included): sum them as integers in
        // units of 2^−90 s, then take one exact ceiling of the sum × 1e9.
        const int fractionBits = 90;
        BigInteger sum = Term(report.RootDelay, -1, fractionBits)
            + Term(report.RootDispersion, 0, fractionBits)
            + Term(report.CurrentCorrection, 0, fractionBits);
        BigInteger denominator = BigInteger.One << fractionBits;
        BigInteger nanoseconds = (sum * NanosecondsPerSecond + denominator - 1) / denominator;
        if (nanoseconds > MaximumNanoseconds)
        {
            return new TrackingBound(null, $"the bound would be {nanoseconds} ns, more than the daemon publishes ({MaximumNanoseconds} ns)");
        }
        return new TrackingBound((long)nanoseconds, null);
    }

    private static BigInteger Term(ChronyFloat value, int extraPowerOfTwo, int fractionBits) =>
        BigInteger.Abs(value.Coefficient) << (value.PowerOfTwo + extraPowerOfTwo + fractionBits);
}
