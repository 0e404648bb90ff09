namespace ClockBound.Ctl.Tests;

public sealed class ExactDecimalTests
{
    [Theory]
    [InlineData(1, -2, 1, "0.2")]              // 0.25: a tie, to even (C's printf; .NET would print 0.3)
    [InlineData(3, -2, 1, "0.8")]              // 0.75: a tie, to even
    [InlineData(1, -10, 9, "0.000976562")]     // 0.0009765625: a tie at the 10th digit, to even
    [InlineData(3, -10, 9, "0.002929688")]     // 0.0029296875: a tie, the even neighbour is above
    [InlineData(1, -4, 3, "0.062")]            // 0.0625
    [InlineData(5, -4, 3, "0.312")]            // 0.3125
    [InlineData(1, -20, 3, "0.000")]
    [InlineData(0, 0, 9, "0.000000000")]
    [InlineData(-1, -20, 3, "-0.000")]         // a negative value keeps its sign, as %f does
    [InlineData(-3, -2, 1, "-0.8")]
    [InlineData(16_777_215, 38, 0, "4611685743549480960")] // (2^24 − 1) × 2^38, exact
    [InlineData(1, -89, 9, "0.000000000")]
    [InlineData(123, 0, 3, "123.000")]
    [InlineData(1_000_001, -20, 9, "0.953675270")]  // 0.95367527008056640625: below half, down
    public void FormatIsExactWithTiesToEven(int coefficient, int power, int decimals, string expected) =>
        Assert.Equal(expected, ExactDecimal.Format(Floats.Of(coefficient, power), decimals));

    [Theory]
    [InlineData(0, 0, "+0.000")]
    [InlineData(1, -10, "+0.001")]
    [InlineData(-1, -10, "-0.001")]
    [InlineData(-1, -20, "-0.000")]
    public void FormatWithForcedSignIsLikePercentPlusF(int coefficient, int power, string expected) =>
        Assert.Equal(expected, ExactDecimal.Format(Floats.Of(coefficient, power), 3, forceSign: true));

    [Theory]
    [InlineData(-3, -2, 1, "0.8")]
    [InlineData(3, -2, 1, "0.8")]
    [InlineData(-1, -20, 3, "0.000")]
    public void FormatMagnitudeDropsTheSign(int coefficient, int power, int decimals, string expected) =>
        Assert.Equal(expected, ExactDecimal.FormatMagnitude(Floats.Of(coefficient, power), decimals));

    [Theory]
    [InlineData(0L, "0.000000000")]
    [InlineData(1L, "0.000000001")]
    [InlineData(61_030L, "0.000061030")]
    [InlineData(1_000_000_000L, "1.000000000")]
    [InlineData(1_000_000_000_000_000_000L, "1000000000.000000000")]
    [InlineData(-5L, "-0.000000005")]
    [InlineData(long.MaxValue, "9223372036.854775807")]
    public void NanosecondsAsSecondsAreExact(long nanoseconds, string expected) =>
        Assert.Equal(expected, ExactDecimal.FormatNanosecondsAsSeconds(nanoseconds));
}
