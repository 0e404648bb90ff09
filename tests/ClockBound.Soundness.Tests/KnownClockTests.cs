using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

public sealed class KnownClockTests
{
    private const long Origin = 1_796_083_200_000_000_000;

    [Fact]
    public void AnOffsetClockIsTheSystemClockPlusTheOffset()
    {
        var clock = new KnownClock(offsetNanoseconds: 37_000_000, ratePpm: 0, Origin);

        Assert.Equal(Origin + 5_000_000_000 + 37_000_000, clock.FloorAt(Origin + 5_000_000_000));
        Assert.Equal(clock.FloorAt(Origin + 5_000_000_000), clock.CeilingAt(Origin + 5_000_000_000));
        Assert.Equal(37_000_000, clock.ErrorOfSystemClockAt(Origin - 1_000_000_000));
    }

    [Fact]
    public void AFastClockGainsItsRateTimesTheElapsedSystemTime()
    {
        var clock = new KnownClock(offsetNanoseconds: -20_000_000, ratePpm: 25, Origin);

        // 10 s at 25 ppm: 250 µs gained.
        Assert.Equal(Origin + 10_000_000_000 - 20_000_000 + 250_000, clock.FloorAt(Origin + 10_000_000_000));
        Assert.Equal(-19_750_000, clock.ErrorOfSystemClockAt(Origin + 10_000_000_000), precision: 3);
    }

    [Fact]
    public void FloorAndCeilingBracketAFractionalNanosecond()
    {
        var clock = new KnownClock(offsetNanoseconds: 0, ratePpm: 25, Origin);

        // 1 ns × 25 ppm = 0.000025 ns: between two whole nanoseconds.
        Assert.Equal(Origin + 1, clock.FloorAt(Origin + 1));
        Assert.Equal(Origin + 2, clock.CeilingAt(Origin + 1));
    }

    [Fact]
    public void ASlowClockStillMovesForward()
    {
        var clock = new KnownClock(offsetNanoseconds: 0, ratePpm: -1000, Origin);

        Assert.True(clock.FloorAt(Origin + 1_000_001) > clock.CeilingAt(Origin));
    }

    [Theory]
    [InlineData(-1000.001)]
    [InlineData(1000.001)]
    public void ARateBeyond1000PpmIsRefused(double ratePpm) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KnownClock(0, ratePpm, Origin));
}
