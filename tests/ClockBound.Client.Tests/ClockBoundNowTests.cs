namespace ClockBound.Client.Tests;

public sealed class ClockBoundNowTests
{
    private static UnixInstant Ns(long ns) => UnixInstant.FromUnixTimeNanoseconds(ns);

    [Theory]
    [InlineData(ClockStatus.Synchronized, true)]
    [InlineData(ClockStatus.FreeRunning, true)]
    [InlineData(ClockStatus.Unknown, false)]
    [InlineData(ClockStatus.Disrupted, false)]
    public void OnlySynchronizedAndFreeRunningAreReliable(ClockStatus status, bool reliable)
    {
        var now = new ClockBoundNow(Ns(100), Ns(300), 100, status);
        Assert.Equal(reliable, now.IsReliable);
        Assert.Equal(reliable, now.HasSurelyPassed(Ns(99)));
        Assert.Equal(reliable, now.IsSurelyInFuture(Ns(301)));
    }

    [Fact]
    public void SurelyQuestionsAreStrict()
    {
        var now = new ClockBoundNow(Ns(100), Ns(300), 100, ClockStatus.Synchronized);
        Assert.False(now.HasSurelyPassed(Ns(100)));
        Assert.False(now.HasSurelyPassed(Ns(200)));
        Assert.False(now.IsSurelyInFuture(Ns(300)));
        Assert.False(now.IsSurelyInFuture(Ns(200)));
    }

    [Fact]
    public void UtcPropertiesWidenToWholeTicks()
    {
        var now = new ClockBoundNow(Ns(150), Ns(250), 50, ClockStatus.Synchronized);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1), now.EarliestUtc);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(3), now.LatestUtc);
    }

    [Fact]
    public void ConstructorRejectsAnInvertedIntervalOrNegativeBound()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClockBoundNow(Ns(2), Ns(1), 0, ClockStatus.Synchronized));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClockBoundNow(Ns(1), Ns(2), -1, ClockStatus.Synchronized));
    }

    [Fact]
    public void EqualityIsByValue()
    {
        var a = new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized);
        Assert.Equal(a, new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized));
        Assert.True(a == new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized));
        Assert.True(a != new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.FreeRunning));
        Assert.Equal("[1970-01-01T00:00:00.000000001Z, 1970-01-01T00:00:00.000000003Z] ±1 ns Synchronized", a.ToString());
    }
}
