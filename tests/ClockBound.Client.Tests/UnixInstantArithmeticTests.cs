namespace ClockBound.Client.Tests;

/// <summary>Differences of instants and milliseconds conversions, with their rounding.</summary>
public sealed class UnixInstantArithmeticTests
{
    private static UnixInstant Ns(long nanoseconds) => UnixInstant.FromUnixTimeNanoseconds(nanoseconds);

    [Theory]
    [InlineData(300, 100, 2)]
    [InlineData(299, 100, 1)] // 199 ns: rounded down to 1 tick
    [InlineData(100, 299, -2)] // -199 ns: rounded down (towards the past) to -2 ticks
    [InlineData(100, 100, 0)]
    [InlineData(long.MaxValue, long.MinValue, 184_467_440_737_095_516)] // (2^64 − 1) ns: more than a long, fits as ticks
    [InlineData(long.MinValue, long.MaxValue, -184_467_440_737_095_517)]
    public void DifferenceIsFlooredToATick(long left, long right, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), Ns(left) - Ns(right));

    [Theory]
    [InlineData(1_000, 7)]
    [InlineData(1_000, -7)]
    [InlineData(-55, 123_456_789)]
    public void AddingADifferenceNeverPassesTheLaterInstant(long a, long b)
    {
        UnixInstant left = Ns(a), right = Ns(b);
        Assert.True(right + (left - right) <= left);
        Assert.True(left.NanosecondsSince(right + (left - right)) < 100);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1_700_000_000_123, 1_700_000_000_123_000_000)]
    [InlineData(-1, -1_000_000)]
    [InlineData(long.MaxValue / 1_000_000, long.MaxValue / 1_000_000 * 1_000_000)]
    [InlineData(long.MinValue / 1_000_000, long.MinValue / 1_000_000 * 1_000_000)]
    public void FromMillisecondsIsExact(long milliseconds, long nanoseconds) =>
        Assert.Equal(Ns(nanoseconds), UnixInstant.FromUnixTimeMilliseconds(milliseconds));

    [Theory]
    [InlineData(long.MaxValue / 1_000_000 + 1)]
    [InlineData(long.MinValue / 1_000_000 - 1)]
    public void FromMillisecondsOutsideTheRangeThrows(long milliseconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UnixInstant.FromUnixTimeMilliseconds(milliseconds));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 0, 1)]
    [InlineData(999_999, 0, 1)]
    [InlineData(1_000_000, 1, 1)]
    [InlineData(1_000_001, 1, 2)]
    [InlineData(-1, -1, 0)]
    [InlineData(-1_000_000, -1, -1)]
    [InlineData(-1_000_001, -2, -1)]
    [InlineData(long.MaxValue, long.MaxValue / 1_000_000, long.MaxValue / 1_000_000 + 1)]
    [InlineData(long.MinValue, long.MinValue / 1_000_000 - 1, long.MinValue / 1_000_000)]
    public void ToMillisecondsSaysItsRounding(long nanoseconds, long floor, long ceiling)
    {
        Assert.Equal(floor, Ns(nanoseconds).ToUnixTimeMillisecondsFloor());
        Assert.Equal(ceiling, Ns(nanoseconds).ToUnixTimeMillisecondsCeiling());
    }

    [Fact]
    public void MillisecondsAgreeWithDateTimeOffset()
    {
        DateTimeOffset t = DateTimeOffset.Parse("2026-12-02T00:00:00.1234567Z", System.Globalization.CultureInfo.InvariantCulture);
        UnixInstant instant = UnixInstant.FromDateTimeOffset(t);
        Assert.Equal(t.ToUnixTimeMilliseconds(), instant.ToUnixTimeMillisecondsFloor());
        Assert.Equal(UnixInstant.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds()), UnixInstant.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds())));
    }
}
