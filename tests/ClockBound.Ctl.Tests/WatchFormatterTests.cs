namespace ClockBound.Ctl.Tests;

public sealed class WatchFormatterTests
{
    [Theory]
    [InlineData(ClockStatus.Synchronized, 58_390L, "2024-05-06T12:53:20.123500000Z +/- 58.390 us Synchronized")]
    [InlineData(ClockStatus.FreeRunning, 1_000_001L, "2024-05-06T12:53:20.123500000Z +/- 1.001 ms FreeRunning")]
    [InlineData(ClockStatus.Unknown, 0L, "2024-05-06T12:53:20.123500000Z +/- 0 ns Unknown")]
    [InlineData(ClockStatus.Disrupted, 999L, "2024-05-06T12:53:20.123500000Z +/- 999 ns Disrupted")]
    public void LineIsTheClockReadingTheBoundAndTheStatus(ClockStatus status, long bound, string expected)
    {
        const long real = 1_715_000_000_123_500_000;
        var now = new ClockBoundNow(
            UnixInstant.FromUnixTimeNanoseconds(real - bound), UnixInstant.FromUnixTimeNanoseconds(real + bound), bound, status);

        Assert.Equal(expected, WatchFormatter.FormatLine(now));
    }

    [Fact]
    public void LineSurvivesSaturatedEnds()
    {
        var now = new ClockBoundNow(UnixInstant.MinValue, UnixInstant.MaxValue, long.MaxValue, ClockStatus.Unknown);

        Assert.Equal("1969-12-31T23:59:59.999999999Z +/- 9223372036.855 s Unknown", WatchFormatter.FormatLine(now));
    }

    [Fact]
    public void ErrorLineHasTheTimeAndSaysWatchingGoesOn() =>
        Assert.Equal(
            "clockboundctl: 2024-05-06T12:53:20.123500000Z: SegmentNotInitialized: not yet (still watching)",
            WatchFormatter.FormatError(UnixInstant.FromUnixTimeNanoseconds(1_715_000_000_123_500_000), "SegmentNotInitialized: not yet"));
}
