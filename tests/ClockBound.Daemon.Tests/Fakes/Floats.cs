using ClockBound.Chrony;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>Builds chrony floats from their parts: value = coefficient × 2^(exponent − 25).</summary>
internal static class Floats
{
    public static ChronyFloat Make(int coefficient, int exponent)
    {
        Assert.InRange(coefficient, -(1 << 24), (1 << 24) - 1);
        Assert.InRange(exponent, -64, 63);
        return new ChronyFloat(((uint)(exponent & 0x7F) << 25) | ((uint)coefficient & 0x01FF_FFFF));
    }

    /// <summary>Exactly 2^power seconds (power −89..62).</summary>
    public static ChronyFloat PowerOfTwo(int power) => Make(1, power + 25);

    /// <summary>Exactly <paramref name="wholeSeconds"/> seconds.</summary>
    public static ChronyFloat Seconds(int wholeSeconds) => Make(wholeSeconds, 25);

    public static readonly ChronyFloat Zero = new(0);
}
