namespace ClockBound.Client.Tests;

public sealed class UnixInstantTests
{
    private static UnixInstant Ns(long ns) => UnixInstant.FromUnixTimeNanoseconds(ns);

    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(100, 1, 1)]
    [InlineData(101, 1, 2)]
    [InlineData(199, 1, 2)]
    [InlineData(1, 0, 1)]
    [InlineData(-1, -1, 0)]
    [InlineData(-100, -1, -1)]
    [InlineData(-101, -2, -1)]
    public void ConversionsToTicksRoundTheWayTheySay(long nanoseconds, long floorTicks, long ceilingTicks)
    {
        UnixInstant instant = Ns(nanoseconds);
        Assert.Equal(Epoch.AddTicks(floorTicks), instant.ToDateTimeOffsetFloor());
        Assert.Equal(Epoch.AddTicks(ceilingTicks), instant.ToDateTimeOffsetCeiling());
        Assert.Equal(TimeSpan.Zero, instant.ToDateTimeOffsetFloor().Offset);
        Assert.True(UnixInstant.FromDateTimeOffset(instant.ToDateTimeOffsetFloor()) <= instant);
        Assert.True(UnixInstant.FromDateTimeOffset(instant.ToDateTimeOffsetCeiling()) >= instant);
    }

    [Fact]
    public void TheWholeRangeConvertsToDateTimeOffset()
    {
        Assert.Equal(new DateTimeOffset(1677, 9, 21, 0, 12, 43, TimeSpan.Zero).AddTicks(1452241), UnixInstant.MinValue.ToDateTimeOffsetFloor());
        Assert.Equal(new DateTimeOffset(2262, 4, 11, 23, 47, 16, TimeSpan.Zero).AddTicks(8547759), UnixInstant.MaxValue.ToDateTimeOffsetCeiling());
        Assert.Equal(Epoch, UnixInstant.UnixEpoch.ToDateTimeOffsetFloor());
    }

    [Fact]
    public void FromDateTimeOffsetIsExactAndIgnoresTheOffset()
    {
        var local = new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567);
        UnixInstant instant = UnixInstant.FromDateTimeOffset(local);
        Assert.Equal((local.UtcTicks - Epoch.UtcTicks) * 100, instant.UnixTimeNanoseconds);
        Assert.Equal(local, instant.ToDateTimeOffsetFloor());
        Assert.Equal(local, instant.ToDateTimeOffsetCeiling());
    }

    [Fact]
    public void FromDateTimeOffsetRejectsInstantsOutsideTheRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UnixInstant.FromDateTimeOffset(DateTimeOffset.MinValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => UnixInstant.FromDateTimeOffset(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void ArithmeticIsExactAndCheckedAtTheEnds()
    {
        UnixInstant t = Ns(1_000);
        Assert.Equal(Ns(1_500), t.PlusNanoseconds(500));
        Assert.Equal(Ns(-500), t.PlusNanoseconds(-1_500));
        Assert.Equal(Ns(1_000 + 1_500_000_100), t + TimeSpan.FromTicks(15_000_001));
        Assert.Equal(Ns(1_000 - 200), t - TimeSpan.FromTicks(2));
        Assert.Equal(-600, Ns(400).NanosecondsSince(t));
        Assert.Throws<OverflowException>(() => UnixInstant.MaxValue.PlusNanoseconds(1));
        Assert.Throws<OverflowException>(() => UnixInstant.MinValue - TimeSpan.FromTicks(1));
        Assert.Throws<OverflowException>(() => UnixInstant.MaxValue.NanosecondsSince(UnixInstant.MinValue));
    }

    [Fact]
    public void ComparisonsOrderTheTimeLine()
    {
        UnixInstant a = Ns(-5), b = Ns(7);
        Assert.True(a < b && b > a && a <= b && b >= a && a <= Ns(-5) && a >= Ns(-5));
        Assert.False(a > b || b < a || a == b);
        Assert.True(a.CompareTo(b) < 0 && b.CompareTo(a) > 0 && a.CompareTo(Ns(-5)) == 0);
        Assert.Equal(a, Ns(-5));
        Assert.Equal(new[] { a, b }, new[] { b, a }.Order());
    }

    [Theory]
    [InlineData(0, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(1_714_986_489_123_456_789, "2024-05-06T09:08:09.123456789Z")]
    [InlineData(-1, "1969-12-31T23:59:59.999999999Z")]
    public void ToStringIsIso8601WithNanoseconds(long nanoseconds, string expected) =>
        Assert.Equal(expected, Ns(nanoseconds).ToString());
}
