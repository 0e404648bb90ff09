using System.Globalization;

namespace ClockBound.Ctl;

/// <summary>
/// A nanosecond count in the largest unit that keeps it at least 1 (ns, us, ms, s), with three
/// decimals rounded UP: the text is for a bound, and a bound may only be shown wider, never narrower.
/// </summary>
internal static class HumanDuration
{
    private const long NanosecondsPerMicrosecond = 1_000;
    private const long NanosecondsPerMillisecond = 1_000_000;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>For example 999 → <c>999 ns</c>, 58390 → <c>58.390 us</c>, 1000001 → <c>1.001 ms</c>, 2500000000 → <c>2.500 s</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanoseconds"/> is negative.</exception>
    public static string FormatCeiling(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        return nanoseconds switch
        {
            < NanosecondsPerMicrosecond => nanoseconds.ToString(CultureInfo.InvariantCulture) + " ns",
            < NanosecondsPerMillisecond => Scaled(nanoseconds, NanosecondsPerMicrosecond, "us"),
            < NanosecondsPerSecond => Scaled(nanoseconds, NanosecondsPerMillisecond, "ms"),
            _ => Scaled(nanoseconds, NanosecondsPerSecond, "s"),
        };
    }

    private static string Scaled(long nanoseconds, long unit, string name)
    {
        // Thousandths of the unit, rounded up: ceil(ns × 1000 / unit) = ceil(ns / (unit / 1000)).
        long step = unit / 1000;
        long thousandths = nanoseconds / step + (nanoseconds % step == 0 ? 0 : 1);
        long whole = Math.DivRem(thousandths, 1000, out long fraction);
        return string.Create(CultureInfo.InvariantCulture, $"{whole}.{fraction:D3} {name}");
    }
}
