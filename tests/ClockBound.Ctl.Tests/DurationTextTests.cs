namespace ClockBound.Ctl.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("250000ns", 250_000)]
    [InlineData("500us", 500_000)]
    [InlineData("500µs", 500_000)]
    [InlineData("1.5ms", 1_500_000)]
    [InlineData("2s", 2_000_000_000)]
    [InlineData("0.0000000015s", 1)] // 1.5 ns: a limit is taken tighter, never wider
    [InlineData("0ns", 0)]
    [InlineData(" 3MS ", 3_000_000)]
    public void Parses(string text, long nanoseconds)
    {
        Assert.Equal(nanoseconds, DurationText.TryParseNanoseconds(text, out string? error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("5", "write a number and a unit")]
    [InlineData("ms", "write a number and a unit")]
    [InlineData("5min", "write a number and a unit")]
    [InlineData("-5ms", "is not a non-negative number")]
    [InlineData("1e3ms", "is not a non-negative number")]
    [InlineData("2000000000s", "more than")]
    public void RejectsWithTheReason(string text, string reason)
    {
        Assert.Null(DurationText.TryParseNanoseconds(text, out string? error));
        Assert.Contains(reason, error);
        Assert.Contains($"'{text}'", error);
    }
}
