using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

public sealed class CheckedReadingTests
{
    private const long Before = 1_796_083_200_000_000_000;
    private const long After = Before + 1_000;
    private static readonly KnownClock Truth = new(offsetNanoseconds: 37_000_000, ratePpm: 0, Before);

    [Fact]
    public void A_reading_that_covers_the_offset_contains_true_time_with_its_margin()
    {
        // The client read the system clock at Before + 500 with a bound of 37.1 ms.
        CheckedReading reading = CheckedReading.Check(Truth, Before, Reading(Before + 500, 37_100_000), After);

        Assert.True(reading.ContainsTruth);
        Assert.True(reading.OverlapsTruth);
        // latest − T(after) = (Before + 500 + 37.1 ms) − (After + 37 ms) = 99.5 µs.
        Assert.Equal(99_500, reading.Margin);
        Assert.Equal(1_000, reading.BracketWidth);
    }

    [Fact]
    public void A_reading_short_of_the_offset_misses_by_its_shortfall()
    {
        CheckedReading reading = CheckedReading.Check(Truth, Before, Reading(Before + 500, 36_990_000), After);

        Assert.False(reading.ContainsTruth);
        Assert.False(reading.OverlapsTruth);
        Assert.Equal(-10_500, reading.Margin);
    }

    [Fact]
    public void The_whole_truth_bracket_must_be_inside_even_when_its_middle_is()
    {
        // latest reaches T(Before + 500) but not T(After).
        CheckedReading reading = CheckedReading.Check(Truth, Before, Reading(Before + 500, 37_000_000), After);

        Assert.False(reading.ContainsTruth);
        Assert.True(reading.OverlapsTruth);
        Assert.Equal(-500, reading.Margin);
    }

    [Theory]
    [InlineData(ClockStatus.Synchronized, true)]
    [InlineData(ClockStatus.FreeRunning, true)]
    [InlineData(ClockStatus.Unknown, false)]
    [InlineData(ClockStatus.Disrupted, false)]
    public void Only_synchronized_and_free_running_readings_are_reliable(ClockStatus status, bool reliable) =>
        Assert.Equal(reliable, CheckedReading.Check(Truth, Before, Reading(Before, 1, status), After).IsReliable);

    [Fact]
    public void A_tally_counts_a_reliable_miss_but_not_an_unknown_one()
    {
        var tally = new ReadingTally("test");
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before, 1_000), After), narrow: true, TimeSpan.Zero);
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before, 1_000, ClockStatus.Unknown), After), narrow: true, TimeSpan.Zero);
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before + 500, 37_100_000), After), narrow: true, TimeSpan.Zero);

        Assert.Equal(1, tally.Misses);
        Assert.Equal(2, tally.ReliableReadings);
        Assert.Equal(1, tally.ReadingsWith(ClockStatus.Unknown));
        Assert.Contains("1 misses", tally.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wide_bracket_is_checked_for_overlap_and_kept_out_of_the_smallest_margin()
    {
        var tally = new ReadingTally("test");
        // Descheduled for 1 ms mid-reading: contains T(Before) but not T(Before + 1 ms).
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before + 500, 37_010_000), Before + 1_000_000), narrow: false, TimeSpan.Zero);

        Assert.Equal(0, tally.Misses);
        Assert.Null(tally.SmallestMargin);

        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before + 500, 36_000_000), Before + 1_000_000), narrow: false, TimeSpan.Zero);
        Assert.Equal(1, tally.Misses);
    }

    private static ClockBoundNow Reading(long realtime, long bound, ClockStatus status = ClockStatus.Synchronized) =>
        new(UnixInstant.FromUnixTimeNanoseconds(realtime - bound), UnixInstant.FromUnixTimeNanoseconds(realtime + bound), bound, status);
}
