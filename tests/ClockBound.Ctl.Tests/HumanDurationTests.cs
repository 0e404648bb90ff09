namespace ClockBound.Ctl.Tests;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(0L, "0 ns")]
    [InlineData(1L, "1 ns")]
    [InlineData(999L, "999 ns")]
    [InlineData(1_000L, "1.000 us")]
    [InlineData(1_001L, "1.001 us")]
    [InlineData(58_390L, "58.390 us")]
    [InlineData(58_390_1L, "583.901 us")]
    [InlineData(999_999L, "999.999 us")]
    [InlineData(1_000_000L, "1.000 ms")]
    [InlineData(1_000_001L, "1.001 ms")]             // rounded up: a bound is never shown narrower
    [InlineData(1_999_999L, "2.000 ms")]
    [InlineData(999_999_999L, "1000.000 ms")]
    [InlineData(1_000_000_000L, "1.000 s")]
    [InlineData(2_500_000_001L, "2.501 s")]
    [InlineData(long.MaxValue, "9223372036.855 s")]
    public void ShowsTheLargestUnitRoundedUp(long nanoseconds, string expected) =>
        Assert.Equal(expected, HumanDuration.FormatCeiling(nanoseconds));

    [Fact]
    public void NegativeIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HumanDuration.FormatCeiling(-1));
}
