using ClockBound.Chrony;

namespace ClockBound.TestSupport;

/// <summary>chronyd floats for tests, built from their parts: value = coefficient × 2^(exponent − 25).</summary>
public static class Floats
{
    /// <summary>Zero.</summary>
    public static readonly ChronyFloat Zero = new(0);

    /// <summary>The float with coefficient <paramref name="coefficient"/> (25-bit signed) and exponent field <paramref name="exponent"/> (−64..63).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Either part does not fit its field.</exception>
    public static ChronyFloat Make(int coefficient, int exponent)
    {
        if (coefficient is < -(1 << 24) or >= 1 << 24 || exponent is < -64 or > 63)
        {
            throw new ArgumentOutOfRangeException(
                nameof(coefficient), $"coefficient {coefficient}, exponent {exponent} is not a chrony float");
        }

        return new ChronyFloat(((uint)(exponent & 0x7F) << 25) | ((uint)coefficient & 0x01FF_FFFF));
    }

    /// <summary>The float c × 2^<paramref name="powerOfTwo"/> (c: 25-bit signed, power −89..38).</summary>
    public static ChronyFloat Of(int coefficient, int powerOfTwo) => Make(coefficient, powerOfTwo + 25);

    /// <summary>Exactly 2^power (power −89..38).</summary>
    public static ChronyFloat PowerOfTwo(int power) => Of(1, power);

    /// <summary>Exactly <paramref name="wholeSeconds"/> seconds.</summary>
    public static ChronyFloat Seconds(int wholeSeconds) => Of(wholeSeconds, 0);

    /// <summary>The chrony float equal to <paramref name="value"/>, which must be exactly representable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No chrony float equals it.</exception>
    public static ChronyFloat Exactly(double value)
    {
        for (int power = 38; power >= -89; power--)
        {
            double coefficient = Math.ScaleB(value, -power);
            if (coefficient == Math.Floor(coefficient) && Math.Abs(coefficient) < 1 << 24)
            {
                ChronyFloat result = Of((int)coefficient, power);
                if (result.ToDouble() == value)
                {
                    return result;
                }
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "not exactly a chrony float");
    }
}
