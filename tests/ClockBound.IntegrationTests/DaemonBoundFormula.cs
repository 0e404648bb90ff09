using System.Numerics;
using ClockBound.Chrony;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The published bound's formula, computed exactly and independently of the daemon's code:
/// <c>ceil((root_delay / 2 + root_dispersion + |current_correction|) × 1e9)</c> ns. Chrony's floats
/// are c × 2^p with p ≥ −89, so every term is an integer in units of 2^−128 s.
/// </summary>
internal static class DaemonBoundFormula
{
    private const int Scale = 128;
    private static readonly BigInteger NanosecondsPerSecond = 1_000_000_000;

    /// <summary>The bound chronyd's <paramref name="report"/> gives, in ns.</summary>
    public static long Bound(TrackingReport report) =>
        Nanoseconds(HalfRootDelay(report) + Exact(report.RootDispersion) + Exact(report.CurrentCorrection));

    /// <summary>
    /// The smallest and largest bound of any report chronyd can give between <paramref name="before"/>
    /// and <paramref name="after"/>, both taken after the same clock update: the root delay is fixed,
    /// the root dispersion grows linearly, the current correction moves linearly (its magnitude can
    /// reach 0 only if its sign changes), so each term lies between its two end values.
    /// </summary>
    public static (long Lower, long Upper) Bracket(TrackingReport before, TrackingReport after)
    {
        BigInteger delay = HalfRootDelay(before);
        BigInteger dispersionBefore = Exact(before.RootDispersion), dispersionAfter = Exact(after.RootDispersion);
        BigInteger correctionBefore = Exact(before.CurrentCorrection), correctionAfter = Exact(after.CurrentCorrection);
        bool signChanged = Math.Sign(before.CurrentCorrection.Coefficient) * Math.Sign(after.CurrentCorrection.Coefficient) < 0;
        BigInteger lowestCorrection = signChanged ? BigInteger.Zero : BigInteger.Min(correctionBefore, correctionAfter);
        return (
            Nanoseconds(delay + BigInteger.Min(dispersionBefore, dispersionAfter) + lowestCorrection),
            Nanoseconds(delay + BigInteger.Max(dispersionBefore, dispersionAfter) + BigInteger.Max(correctionBefore, correctionAfter)));
    }

    /// <summary>root_delay / 2 in ns, rounded down: what a formula off by root_delay / 2 would miss.</summary>
    public static long HalfRootDelayNanoseconds(TrackingReport report) =>
        (long)(HalfRootDelay(report) * NanosecondsPerSecond >> Scale);

    private static BigInteger HalfRootDelay(TrackingReport report) => Exact(report.RootDelay) >> 1;

    /// <summary>|value| in units of 2^−128 s, exactly.</summary>
    private static BigInteger Exact(ChronyFloat value) =>
        BigInteger.Abs(value.Coefficient) << (value.PowerOfTwo + Scale);

    /// <summary>⌈scaled × 1e9 / 2^128⌉.</summary>
    private static long Nanoseconds(BigInteger scaled)
    {
        BigInteger product = scaled * NanosecondsPerSecond;
        BigInteger whole = product >> Scale;
        return (long)(whole << Scale == product ? whole : whole + 1);
    }
}
