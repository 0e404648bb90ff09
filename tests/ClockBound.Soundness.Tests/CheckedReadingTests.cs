using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

public sealed class CheckedReadingTests
{
    private const long Before = 1_796_083_200_000_000_000;
    private const long After = Before + 1_000;
    private static readonly KnownClock Truth = new(offsetNanoseconds: 37_000_000, ratePpm: 0, Before);

    [Fact]
    public void AReadingThatCoversTheOffsetContainsTrueTimeWithItsMargin()
    {
        // The client read its clock at Before + 500, with a bound of 37.1 ms.
        CheckedReading reading = CheckedReading.Check(Truth, Before, Reading(Before + 500, 37_100_000), After);

        Assert.True(reading.ReadDuringCall);
        Assert.True(reading.ContainsTruth);
        // latest − T(r) = 37.1 ms − 37 ms.
        Assert.Equal(100_000, reading.Margin);
        // latest − T(r1) = (Before + 500 + 37.1 ms) − (After + 37 ms) = 99.5 µs.
        Assert.Equal(99_500, reading.BracketMargin);
        Assert.Equal(1_000, reading.CallDuration);
    }

    [Fact]
    public void AReadingShortOfTheOffsetMissesByItsShortfall()
    {
        CheckedReading reading = CheckedReading.Check(Truth, Before, Reading(Before + 500, 36_990_000), After);

        Assert.False(reading.ContainsTruth);
        Assert.Equal(-10_000, reading.Margin);
    }

    [Fact]
    public void AReadingCentredOnAClockReadOutsideTheCallMissesWhateverItsWidth()
    {
        // A client serving an interval around a stale clock read, 2 µs before the call began.
        CheckedReading stale = CheckedReading.Check(Truth, Before, Reading(Before - 2_000, 40_000_000), After);
        // An interval not centred on any one clock read.
        var skewed = new ClockBoundNow(
            UnixInstant.FromUnixTimeNanoseconds(Before - 40_000_000), UnixInstant.FromUnixTimeNanoseconds(Before + 50_000_000), 40_000_000, ClockStatus.Synchronized);

        Assert.False(stale.ReadDuringCall);
        Assert.False(stale.ContainsTruth);
        Assert.False(CheckedReading.Check(Truth, Before, skewed, After).ContainsTruth);
    }

    [Fact]
    public void ACallDescheduledLongerThanTheSlackMissesTheWholeBracketButNotTrueTime()
    {
        // The client read its clock 1 µs into a call of 95 µs, with 69.5 µs of slack: T(r1) is
        // true time 94 µs after the client looked.
        CheckedReading reading = CheckedReading.Check(Truth, Before, Reading(Before + 1_000, 37_069_500), Before + 95_000);

        Assert.True(reading.ContainsTruth);
        Assert.Equal(69_500, reading.Margin);
        Assert.False(reading.ContainsWholeBracket);
        Assert.Equal(-24_500, reading.BracketMargin);
    }

    [Fact]
    public void WithARateTrueTimeIsTakenAtTheClientsOwnClockRead()
    {
        var fast = new KnownClock(offsetNanoseconds: 0, ratePpm: 25, Before);
        // 1 s after the origin T − system clock is 25 µs.
        long read = Before + 1_000_000_000;
        CheckedReading reading = CheckedReading.Check(fast, read - 100, Reading(read, 30_000), read + 100);

        Assert.Equal(25_000, reading.SystemClockError, precision: 3);
        Assert.Equal(5_000, reading.Margin);
    }

    [Theory]
    [InlineData(ClockStatus.Synchronized, true)]
    [InlineData(ClockStatus.FreeRunning, true)]
    [InlineData(ClockStatus.Unknown, false)]
    [InlineData(ClockStatus.Disrupted, false)]
    public void OnlySynchronizedAndFreeRunningReadingsAreReliable(ClockStatus status, bool reliable) =>
        Assert.Equal(reliable, CheckedReading.Check(Truth, Before, Reading(Before, 1, status), After).IsReliable);

    [Fact]
    public void ATallyCountsAReliableMissButNotAnUnknownOne()
    {
        var tally = new ReadingTally("test");
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before, 1_000), After), TimeSpan.Zero);
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before, 1_000, ClockStatus.Unknown), After), TimeSpan.Zero);
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before + 500, 37_100_000), After), TimeSpan.Zero);

        Assert.Equal(1, tally.Misses);
        Assert.Equal(2, tally.ReliableReadings);
        Assert.Equal(1, tally.ReadingsWith(ClockStatus.Unknown));
        Assert.Equal(-36_999_000, tally.SmallestMargin);
        Assert.Contains("1 misses", tally.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void ATallyReportsWholeBracketShortfallsWithoutCountingThemAsMisses()
    {
        var tally = new ReadingTally("test");
        tally.Add(CheckedReading.Check(Truth, Before, Reading(Before + 1_000, 37_069_500), Before + 95_000), TimeSpan.Zero);

        Assert.Equal(0, tally.Misses);
        Assert.Equal(69_500, tally.SmallestMargin);
        Assert.Contains("not contained in 1 readings (calls up to 95.0 µs long", tally.Summary(), StringComparison.Ordinal);
    }

    private static ClockBoundNow Reading(long realtime, long bound, ClockStatus status = ClockStatus.Synchronized) =>
        new(UnixInstant.FromUnixTimeNanoseconds(realtime - bound), UnixInstant.FromUnixTimeNanoseconds(realtime + bound), bound, status);
}
