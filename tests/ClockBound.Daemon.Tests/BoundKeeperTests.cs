namespace ClockBound.Daemon.Tests;

public sealed class BoundKeeperTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void StartsWithoutAGoodSample()
    {
        var kept = new BoundKeeper();
        Assert.False(kept.HasGoodSample);
        Assert.Equal(ChronyClockStatus.Unknown, kept.StatusAfterFailure(0));
    }

    [Fact]
    public void KeepsTheLastSampleAndForgetsItOnRequest()
    {
        var kept = new BoundKeeper();
        kept.Keep(10 * Second, 500);
        kept.Keep(11 * Second, 700);
        Assert.True(kept.HasGoodSample);
        Assert.Equal(11 * Second, kept.AsOfNanoseconds);
        Assert.Equal(700, kept.BoundNanoseconds);

        kept.Forget();
        Assert.False(kept.HasGoodSample);
        Assert.Equal(ChronyClockStatus.Unknown, kept.StatusAfterFailure(11 * Second + 1));
    }

    [Fact]
    public void FailureIsFreeRunningForFiveSecondsAfterTheKeptAsOfThenUnknown()
    {
        var kept = new BoundKeeper();
        kept.Keep(10 * Second, 500);
        Assert.Equal(ChronyClockStatus.FreeRunning, kept.StatusAfterFailure(15 * Second - 1));
        Assert.Equal(ChronyClockStatus.Unknown, kept.StatusAfterFailure(15 * Second));
    }
}
