using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// The published bound, computed exactly (daemon.md, "The bound"):
/// <c>ceil((root_delay / 2 + root_dispersion + |current_correction|) × 1e9) + phc_error_bound_nsec</c>.
/// </summary>
/// <remarks>
/// Every chrony float is c × 2^p with p ≥ −89, so root_delay / 2 and the other terms are
/// integers in units of 2^−90 s. The sum and the ceiling are done in that fixed point with
/// 128-bit integers: nothing is rounded before the single ceiling, so the bound is never
/// smaller than the exact value (a double sum can round down, which would be unsound).
/// </remarks>
internal static class ErrorBoundCalculator
{
    /// <summary>
    /// The largest bound published (10^18 ns, about 31.7 years). Anything larger means chronyd
    /// reported nonsense; refusing it also leaves readers ample headroom in 64-bit nanoseconds
    /// for <c>bound + drift × elapsed</c> and <c>realtime ± bound</c>.
    /// </summary>
    public const long MaximumBoundNanoseconds = 1_000_000_000_000_000_000;

    // root_delay / 2 is c × 2^(p − 1) with p ≥ −89.
    private const int FractionBits = 90;

    // A term of 2^35 s or more is rejected before the fixed-point sum, so three terms of at
    // most 2^35 s each, in units of 2^−90 s, stay below 2^127.
    private const int MaximumTermLog2Seconds = 35;

    private const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>
    /// Computes the bound in nanoseconds. Fails (with a reason) on a negative root delay or root
    /// dispersion, a negative PHC bound, or a total above <see cref="MaximumBoundNanoseconds"/>.
    /// </summary>
    public static bool TryCompute(
        ChronyFloat rootDelay,
        ChronyFloat rootDispersion,
        ChronyFloat currentCorrection,
        long phcErrorBoundNanoseconds,
        out long boundNanoseconds,
        out string? error)
    {
        boundNanoseconds = 0;
        if (rootDelay.Coefficient < 0)
        {
            error = $"root_delay is negative ({rootDelay} s)";
            return false;
        }
        if (rootDispersion.Coefficient < 0)
        {
            error = $"root_dispersion is negative ({rootDispersion} s)";
            return false;
        }
        if (phcErrorBoundNanoseconds < 0)
        {
            error = $"the PHC error bound is negative ({phcErrorBoundNanoseconds} ns)";
            return false;
        }

        if (!TryAddTerm(0, (uint)rootDelay.Coefficient, rootDelay.PowerOfTwo - 1, out UInt128 sum)
            || !TryAddTerm(sum, (uint)rootDispersion.Coefficient, rootDispersion.PowerOfTwo, out sum)
            || !TryAddTerm(sum, (uint)Math.Abs((long)currentCorrection.Coefficient), currentCorrection.PowerOfTwo, out sum))
        {
            error = $"root_delay {rootDelay} s, root_dispersion {rootDispersion} s or current_correction {currentCorrection} s is absurdly large";
            return false;
        }

        UInt128 mask = (UInt128.One << FractionBits) - 1;
        UInt128 wholeSeconds = sum >> FractionBits;
        UInt128 fraction = sum & mask;
        // Exact ceiling of fraction × 1e9 / 2^90: fraction < 2^90 and 1e9 < 2^30, so no overflow.
        UInt128 nanoseconds = wholeSeconds * NanosecondsPerSecond + ((fraction * NanosecondsPerSecond + mask) >> FractionBits);
        nanoseconds += (ulong)phcErrorBoundNanoseconds;
        if (nanoseconds > MaximumBoundNanoseconds)
        {
            error = $"the bound would be {nanoseconds} ns, more than the {MaximumBoundNanoseconds} ns a sane chronyd can report "
                + $"(root_delay {rootDelay} s, root_dispersion {rootDispersion} s, current_correction {currentCorrection} s, PHC {phcErrorBoundNanoseconds} ns)";
            return false;
        }
        boundNanoseconds = (long)nanoseconds;
        error = null;
        return true;
    }

    /// <summary>⌈|value| × 1e9⌉ for a single chrony float, saturated at <see cref="long.MaxValue"/>.</summary>
    public static long CeilingNanoseconds(ChronyFloat value)
    {
        if (!TryAddTerm(0, (uint)Math.Abs((long)value.Coefficient), value.PowerOfTwo, out UInt128 sum))
        {
            return long.MaxValue;
        }
        UInt128 mask = (UInt128.One << FractionBits) - 1;
        UInt128 nanoseconds = (sum >> FractionBits) * NanosecondsPerSecond + (((sum & mask) * NanosecondsPerSecond + mask) >> FractionBits);
        return nanoseconds > long.MaxValue ? long.MaxValue : (long)nanoseconds;
    }

    private static bool TryAddTerm(UInt128 sum, uint coefficient, int powerOfTwo, out UInt128 result)
    {
        result = sum;
        if (coefficient == 0)
        {
            return true;
        }
        // value = coefficient × 2^powerOfTwo < 2^(bits + powerOfTwo).
        int bits = 32 - System.Numerics.BitOperations.LeadingZeroCount(coefficient);
        if (bits + powerOfTwo > MaximumTermLog2Seconds)
        {
            return false;
        }
        result = sum + ((UInt128)coefficient << (powerOfTwo + FractionBits));
        return true;
    }
}
