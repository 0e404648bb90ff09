using System.Globalization;
using System.Numerics;
using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>
/// Fixed-point decimal text of chrony floats and nanosecond counts, computed exactly. A chrony
/// float is c × 2^p, so its decimal expansion is finite and ties are real (0.25 s at one decimal):
/// they are broken to even, as C's printf does, so the text equals what chronyc prints.
/// </summary>
internal static class ExactDecimal
{
    private const int NanosecondDigits = 9;

    /// <summary>
    /// <paramref name="value"/> with <paramref name="decimals"/> digits after the point, like C's
    /// <c>%.Nf</c> (or <c>%+.Nf</c> with <paramref name="forceSign"/>): a negative value keeps its
    /// '-' even when it rounds to zero.
    /// </summary>
    public static string Format(ChronyFloat value, int decimals, bool forceSign = false)
    {
        string magnitude = FormatMagnitude(value, decimals);
        if (value.Coefficient < 0)
        {
            return "-" + magnitude;
        }
        return forceSign ? "+" + magnitude : magnitude;
    }

    /// <summary>|<paramref name="value"/>| with <paramref name="decimals"/> digits after the point (C's <c>%.Nf</c> of <c>fabs(value)</c>).</summary>
    public static string FormatMagnitude(ChronyFloat value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        BigInteger magnitude = BigInteger.Abs(value.Coefficient);
        BigInteger scale = BigInteger.Pow(10, decimals);
        int power = value.PowerOfTwo;
        BigInteger units;
        if (power >= 0)
        {
            units = (magnitude << power) * scale;
        }
        else
        {
            // units = round_half_even(magnitude × 10^d / 2^-p)
            BigInteger numerator = magnitude * scale;
            BigInteger quotient = numerator >> -power;
            BigInteger remainder = numerator - (quotient << -power);
            BigInteger half = BigInteger.One << (-power - 1);
            if (remainder > half || (remainder == half && !quotient.IsEven))
            {
                quotient += 1;
            }
            units = quotient;
        }
        return FormatUnits(units, decimals);
    }

    /// <summary><paramref name="nanoseconds"/> as seconds with nine decimals, exactly (e.g. 61030 → <c>0.000061030</c>).</summary>
    public static string FormatNanosecondsAsSeconds(long nanoseconds)
    {
        string magnitude = FormatUnits(BigInteger.Abs(nanoseconds), NanosecondDigits);
        return nanoseconds < 0 ? "-" + magnitude : magnitude;
    }

    private static string FormatUnits(BigInteger units, int decimals)
    {
        if (decimals == 0)
        {
            return units.ToString(CultureInfo.InvariantCulture);
        }
        BigInteger whole = BigInteger.DivRem(units, BigInteger.Pow(10, decimals), out BigInteger fraction);
        return whole.ToString(CultureInfo.InvariantCulture) + "."
            + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
    }
}
