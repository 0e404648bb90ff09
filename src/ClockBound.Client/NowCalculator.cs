using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ClockBound.Shm;

namespace ClockBound.Client;

/// <summary>
/// The reader's arithmetic (spec: shm-segment.md, "Computing now in a reader"): from one segment
/// snapshot and two clock readings to an interval and a status. Pure: no I/O, no clocks.
/// </summary>
/// <remarks>
/// Every rounding widens the interval and every doubt worsens the status. Any input gives an
/// answer or a <see cref="ClockBoundException"/>: sums saturate at the ends of the 64-bit range
/// instead of wrapping, for any elapsed time.
/// </remarks>
internal static class NowCalculator
{
    /// <summary>
    /// How far (ns) the monotonic reading may lie before <c>as_of</c> and still count as "no time
    /// elapsed": CLOCK_MONOTONIC_COARSE lags by up to a tick, so a fresh segment can look slightly
    /// ahead. Further back than this is a causality breach.
    /// </summary>
    public const long CausalityBlurNanoseconds = 1_000;

    /// <summary>
    /// For how long (ns) after <c>as_of</c> a Synchronized or FreeRunning status is reported as it
    /// is, so that a daemon restart does not flap the status; after that it is FreeRunning.
    /// </summary>
    public const long RestartGraceNanoseconds = 5_000_000_000;

    private const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Computes the interval and status a reader reports.</summary>
    /// <param name="snapshot">A consistent snapshot of the segment (as <see cref="SegmentReader"/> returns it).</param>
    /// <param name="realtimeNanoseconds">CLOCK_REALTIME (ns since the Unix epoch), read after the snapshot.</param>
    /// <param name="monotonicCoarseNanoseconds">CLOCK_MONOTONIC_COARSE (ns), read after <paramref name="realtimeNanoseconds"/>.</param>
    /// <param name="disruptionMarkerMismatch">
    /// True if the VMClock's disruption marker differs from the snapshot's (or could not be read
    /// consistently, or the device could not be opened): the clock may have been disrupted and the
    /// daemon has not caught up.
    /// </param>
    /// <param name="monotonicCoarseResolutionNanoseconds">
    /// The resolution of CLOCK_MONOTONIC_COARSE (one tick): a coarse reading lags true monotonic
    /// time by up to this much, so elapsed = mono − as_of may fall short by one tick, and so would
    /// the drift. It is added to elapsed in the drift term (a strictness beyond the spec), and the
    /// sum is the reading's <see cref="ClockBoundNow.DataAge"/>.
    /// </param>
    /// <param name="maxDataAgeNanoseconds">
    /// <see cref="ClockBoundClientOptions.MaxDataAge"/> in nanoseconds (<see cref="long.MaxValue"/>
    /// when off): a Synchronized or FreeRunning reading whose data age exceeds it is Unknown.
    /// </param>
    /// <returns>
    /// [real − bound, real + bound] where bound = bound_nsec + ⌈max_drift_ppb × (elapsed + resolution) / 10⁹⌉,
    /// and the status: Unknown and Disrupted as they are; Synchronized and FreeRunning as they are
    /// for <see cref="RestartGraceNanoseconds"/> after <c>as_of</c>, then FreeRunning until
    /// <c>void_after</c>, then Unknown; Unknown from <c>void_after</c> on (even within the grace, if a
    /// segment sets it that early), once the data age exceeds <paramref name="maxDataAgeNanoseconds"/>,
    /// on a marker mismatch, and for any status value outside the enum.
    /// </returns>
    /// <exception cref="ClockBoundException">
    /// <see cref="ClockBoundErrorKind.CausalityBreach"/>: the monotonic reading is more than
    /// <see cref="CausalityBlurNanoseconds"/> before <c>as_of</c>.
    /// <see cref="ClockBoundErrorKind.SegmentMalformed"/>: the snapshot's bound is negative.
    /// </exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ClockBoundNow Compute(in ClockErrorBound snapshot, long realtimeNanoseconds, long monotonicCoarseNanoseconds,
        bool disruptionMarkerMismatch, long monotonicCoarseResolutionNanoseconds, long maxDataAgeNanoseconds = long.MaxValue)
    {
        long asOf = snapshot.AsOfNanoseconds;
        long mono = monotonicCoarseNanoseconds;
        // Unsigned differences are exact for any pair of longs once their order is known.
        ulong elapsed = 0;
        if (mono >= asOf)
        {
            elapsed = (ulong)(mono - asOf);
        }
        else if ((ulong)(asOf - mono) > CausalityBlurNanoseconds)
        {
            ThrowCausalityBreach(asOf, mono);
        }

        long boundAtAsOf = snapshot.BoundNanoseconds;
        if (boundAtAsOf < 0)
        {
            ThrowNegativeBound(boundAtAsOf);
        }
        // With as_of and the resolution not negative (any real segment and clock), elapsed and the
        // resolution are both below 2^63 and their sum cannot wrap: the hot path adds, unchecked.
        ulong driftElapsed = elapsed + (ulong)monotonicCoarseResolutionNanoseconds;
        if ((asOf | monotonicCoarseResolutionNanoseconds) < 0)
        {
            driftElapsed = SaturatingDriftElapsed(elapsed, monotonicCoarseResolutionNanoseconds);
        }
        long bound = AddDrift(boundAtAsOf, snapshot.MaxDriftPpb, driftElapsed);
        long dataAge = driftElapsed > long.MaxValue ? long.MaxValue : (long)driftElapsed;

        ClockStatus status = snapshot.Status;
        if (status is ClockStatus.Synchronized or ClockStatus.FreeRunning)
        {
            if (mono >= snapshot.VoidAfterNanoseconds || dataAge > maxDataAgeNanoseconds)
            {
                status = ClockStatus.Unknown;
            }
            else if (elapsed >= RestartGraceNanoseconds)
            {
                status = ClockStatus.FreeRunning;
            }
        }
        else if (status != ClockStatus.Disrupted)
        {
            status = ClockStatus.Unknown;
        }
        if (disruptionMarkerMismatch)
        {
            status = ClockStatus.Unknown;
        }

        return Around(realtimeNanoseconds, bound, status, dataAge);
    }

    /// <summary>[<paramref name="real"/> − <paramref name="bound"/>, <paramref name="real"/> + <paramref name="bound"/>] from fresh data (age zero).</summary>
    internal static ClockBoundNow Around(long real, long bound, ClockStatus status) => Around(real, bound, status, 0);

    /// <summary>[<paramref name="real"/> − <paramref name="bound"/>, <paramref name="real"/> + <paramref name="bound"/>], saturated at the ends of the range; <paramref name="bound"/> is not negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ClockBoundNow Around(long real, long bound, ClockStatus status, long dataAgeNanoseconds)
    {
        long earliest = real - bound;
        if (earliest > real)
        {
            earliest = long.MinValue;
        }
        long latest = real + bound;
        if (latest < real)
        {
            latest = long.MaxValue;
        }
        return ClockBoundNow.CreateUnchecked(earliest, latest, bound, status, dataAgeNanoseconds);
    }

    /// <summary>
    /// <paramref name="boundAtAsOf"/> + ⌈<paramref name="maxDriftPpb"/> × <paramref name="elapsed"/> / 10⁹⌉,
    /// saturated at <see cref="long.MaxValue"/>, exact for any inputs, with no 128-bit division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long AddDrift(long boundAtAsOf, uint maxDriftPpb, ulong elapsed)
    {
        // The usual case (a snapshot younger than 4.29 s): both factors are below 2^32, so the
        // product and the rounding addend fit in 64 bits and one division by a constant does it.
        ulong drift = elapsed <= uint.MaxValue
            ? (maxDriftPpb * elapsed + (NanosecondsPerSecond - 1)) / NanosecondsPerSecond
            : DriftOverLongElapsed(maxDriftPpb, elapsed);
        ulong total = (ulong)boundAtAsOf + drift;
        return total < drift || total > long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>
    /// ⌈ppb × elapsed / 10⁹⌉ for any elapsed, saturated at <see cref="ulong.MaxValue"/>: elapsed split
    /// into whole seconds s and a remainder r, ppb × s + ⌈ppb × r / 10⁹⌉ is the exact ceiling; the
    /// seconds' product is checked with one widening multiply, and ppb × r &lt; 2^62 cannot overflow.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong DriftOverLongElapsed(uint maxDriftPpb, ulong elapsed)
    {
        ulong seconds = elapsed / NanosecondsPerSecond;
        ulong remainder = elapsed - seconds * NanosecondsPerSecond;
        ulong high = Math.BigMul(maxDriftPpb, seconds, out ulong wholeSeconds);
        ulong fraction = (maxDriftPpb * remainder + (NanosecondsPerSecond - 1)) / NanosecondsPerSecond;
        ulong drift = wholeSeconds + fraction;
        return high != 0 || drift < wholeSeconds ? ulong.MaxValue : drift;
    }

    /// <summary>elapsed + max(resolution, 0), saturated at <see cref="ulong.MaxValue"/>: for any input.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SaturatingDriftElapsed(ulong elapsed, long resolution)
    {
        ulong sum = elapsed + (ulong)Math.Max(resolution, 0);
        return sum < elapsed ? ulong.MaxValue : sum;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCausalityBreach(long asOf, long mono) =>
        throw new ClockBoundException(ClockBoundErrorKind.CausalityBreach,
            $"ClockBound segment's as_of ({asOf} ns) is {(ulong)(asOf - mono)} ns after CLOCK_MONOTONIC_COARSE ({mono} ns): it comes from the future");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegativeBound(long bound) =>
        throw new ClockBoundException(ClockBoundErrorKind.SegmentMalformed, $"ClockBound segment's bound_nsec is negative ({bound})");
}
