namespace ClockBound.Client.Tests;

/// <summary>The everyday members of a reading: midpoint, bound as a TimeSpan, containment, data age.</summary>
public sealed class ClockBoundNowMembersTests
{
    private static UnixInstant Ns(long nanoseconds) => UnixInstant.FromUnixTimeNanoseconds(nanoseconds);

    [Theory]
    [InlineData(100, 300, 200)]
    [InlineData(100, 301, 200)] // rounded down to a nanosecond
    [InlineData(-301, -100, -201)] // down, also before the epoch
    [InlineData(5, 5, 5)]
    public void MidpointIsTheMiddleOfTheInterval(long earliest, long latest, long midpoint) =>
        Assert.Equal(Ns(midpoint), new ClockBoundNow(Ns(earliest), Ns(latest), (latest - earliest) / 2, ClockStatus.Synchronized).Midpoint);

    [Fact]
    public void MidpointOfTheWholeRangeDoesNotOverflow()
    {
        var now = new ClockBoundNow(UnixInstant.MinValue, UnixInstant.MaxValue, long.MaxValue, ClockStatus.Unknown);
        Assert.Equal(Ns(-1), now.Midpoint);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)] // never smaller than the exact bound
    [InlineData(24_000, 240)]
    [InlineData(long.MaxValue, long.MaxValue / 100 + 1)]
    public void BoundIsRoundedUpToATick(long boundNanoseconds, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), new ClockBoundNow(Ns(0), Ns(0), boundNanoseconds, ClockStatus.Synchronized).Bound);

    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    [InlineData(200, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void ContainsIncludesBothEnds(long instant, bool contained)
    {
        Assert.Equal(contained, new ClockBoundNow(Ns(100), Ns(300), 100, ClockStatus.Synchronized).Contains(Ns(instant)));
        // Containment is about the interval; whether it can be relied on is IsReliable's question.
        Assert.Equal(contained, new ClockBoundNow(Ns(100), Ns(300), 100, ClockStatus.Unknown).Contains(Ns(instant)));
    }

    [Fact]
    public void DataAgeIsZeroUnlessGiven()
    {
        Assert.Equal(TimeSpan.Zero, new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized).DataAge);
        Assert.Equal(TimeSpan.FromMilliseconds(7), new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized, TimeSpan.FromMilliseconds(7)).DataAge);
    }

    [Fact]
    public void DataAgeTakesPartInEquality()
    {
        var fresh = new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized);
        var old = new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized, TimeSpan.FromSeconds(1));
        Assert.NotEqual(fresh, old);
        Assert.Equal(fresh, new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized, TimeSpan.Zero));
    }

    [Fact]
    public void DataAgeMustFitAndNotBeNegative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized, TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized, TimeSpan.MaxValue));
        Assert.Equal(TimeSpan.FromTicks(long.MaxValue / 100),
            new ClockBoundNow(Ns(1), Ns(3), 1, ClockStatus.Synchronized, TimeSpan.FromTicks(long.MaxValue / 100)).DataAge);
    }
}
