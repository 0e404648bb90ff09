using ClockBound.Chrony;

namespace ClockBound.Ctl.Tests;

/// <summary>Chrony floats for tests.</summary>
internal static class Floats
{
    /// <summary>The float c × 2^<paramref name="powerOfTwo"/> (c: 25-bit signed, power −89..38).</summary>
    public static ChronyFloat Of(int coefficient, int powerOfTwo)
    {
        if (coefficient is < -(1 << 24) or >= 1 << 24 || powerOfTwo is < -89 or > 38)
        {
            throw new ArgumentOutOfRangeException(nameof(coefficient), $"{coefficient} × 2^{powerOfTwo} is not a chrony float");
        }
        uint exponent = (uint)(powerOfTwo + 25) & 0x7F;
        return new ChronyFloat((exponent << 25) | ((uint)coefficient & 0x01FF_FFFF));
    }

    /// <summary>The chrony float equal to <paramref name="value"/>, which must be exactly representable.</summary>
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
