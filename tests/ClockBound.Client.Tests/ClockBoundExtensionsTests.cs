using ClockBound.Shm;
using ClockBound.Testing;
using static ClockBound.Client.Tests.Snapshots;

namespace ClockBound.Client.Tests;

/// <summary>HasSurelyPassed, IsSurelyInFuture and commit wait, on the fake clock and on a real segment.</summary>
public sealed class ClockBoundExtensionsTests
{
    private const long Ms = 1_000_000;

    /// <summary>A safety net against a hung test, not a timing assertion.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static readonly UnixInstant Start = FakeClockBound.DefaultStart;

    /// <summary>Commit wait options that sleep on <paramref name="clock"/>'s fake timers.</summary>
    private static CommitWaitOptions OnFakeTime(FakeClockBound clock) => new() { TimeProvider = clock.TimeProvider };

    [Theory]
    [InlineData(ClockStatus.Synchronized, -1_000_001, true, false)]
    [InlineData(ClockStatus.Synchronized, -1_000_000, false, false)]
    [InlineData(ClockStatus.Synchronized, 0, false, false)]
    [InlineData(ClockStatus.Synchronized, 1_000_000, false, false)]
    [InlineData(ClockStatus.Synchronized, 1_000_001, false, true)]
    [InlineData(ClockStatus.FreeRunning, -1_000_001, true, false)]
    [InlineData(ClockStatus.FreeRunning, 1_000_001, false, true)]
    [InlineData(ClockStatus.Unknown, -1_000_001, false, false)]
    [InlineData(ClockStatus.Unknown, 1_000_001, false, false)]
    [InlineData(ClockStatus.Disrupted, -1_000_001, false, false)]
    [InlineData(ClockStatus.Disrupted, 1_000_001, false, false)]
    public void SurelyAnswersNeedAReliableIntervalEntirelyOnOneSide(ClockStatus status, long instantMinusMidpoint, bool passed, bool future)
    {
        IClockBound clock = new FakeClockBound(Start, boundNanoseconds: 1_000_000, status);
        UnixInstant instant = Start.PlusNanoseconds(instantMinusMidpoint);
        Assert.Equal(passed, clock.HasSurelyPassed(instant));
        Assert.Equal(future, clock.IsSurelyInFuture(instant));
    }

    [Fact]
    public async Task CommitWaitForAPassedInstantCompletesAtOnce()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms);
        ValueTask<ClockBoundNow> wait = clock.CommitWaitAsync(Start.PlusNanoseconds(-2 * Ms), OnFakeTime(clock));
        Assert.True(wait.IsCompletedSuccessfully);
        Assert.Equal(clock.Now(), await wait);
    }

    [Fact]
    public async Task NullOptionsAreTheDefaults()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms);
        UnixInstant passed = Start.PlusNanoseconds(-2 * Ms);
        // One overload takes options: a literal null is not ambiguous, and means the defaults.
        Assert.Equal(clock.Now(), clock.CommitWait(passed, null));
        Assert.Equal(clock.Now(), await clock.CommitWaitAsync(passed, null));
    }

    [Fact]
    public async Task CommitWaitSleepsUntilEarliestPassesTheInstant()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms);
        UnixInstant commit = clock.Now().Latest; // Start + 1 ms: earliest passes it once the midpoint passes Start + 2 ms

        Task<ClockBoundNow> wait = clock.CommitWaitAsync(commit, OnFakeTime(clock)).AsTask();
        Assert.False(wait.IsCompleted);
        Assert.Equal(2, clock.NowCallCount);

        // The first sleep is 2 ms + 1 ns rounded up to 3 ms: nothing happens before that.
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(wait.IsCompleted);
        Assert.Equal(2, clock.NowCallCount);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        ClockBoundNow proof = await wait.WaitAsync(Hang);
        Assert.True(proof.Earliest > commit);
        Assert.Equal(3, clock.NowCallCount); // slept once, did not spin
    }

    [Fact]
    public async Task CommitWaitKeepsWaitingWhileTheStatusIsNotReliable()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms, ClockStatus.Unknown);
        UnixInstant commit = clock.Now().Latest;
        Task<ClockBoundNow> wait = clock.CommitWaitAsync(commit, OnFakeTime(clock)).AsTask();

        long calls = clock.NowCallCount;
        for (int i = 1; i <= 5; i++)
        {
            clock.Advance(ClockBoundExtensions.CommitWaitPollInterval);
            await WaitForNowCalls(clock, calls + i);
            Assert.False(wait.IsCompleted);
        }
        clock.Status = ClockStatus.Disrupted;
        clock.Advance(ClockBoundExtensions.CommitWaitPollInterval);
        await WaitForNowCalls(clock, calls + 6);
        Assert.False(wait.IsCompleted);

        clock.Status = ClockStatus.FreeRunning;
        clock.Advance(ClockBoundExtensions.CommitWaitPollInterval);
        ClockBoundNow proof = await wait.WaitAsync(Hang);
        Assert.Equal(ClockStatus.FreeRunning, proof.Status);
        Assert.True(proof.Earliest > commit);
    }

    [Fact]
    public async Task CommitWaitCanBeCancelled()
    {
        var clock = new FakeClockBound();
        using var cancel = new CancellationTokenSource();
        Task<ClockBoundNow> wait = clock.CommitWaitAsync(clock.Now().Latest.PlusNanoseconds(Ms), OnFakeTime(clock), cancel.Token).AsTask();
        Assert.False(wait.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Hang));
    }

    [Fact]
    public async Task CommitWaitPassesOnClockErrors()
    {
        var clock = new FakeClockBound { Error = new ClockBoundException(ClockBoundErrorKind.SegmentNotInitialized, "no daemon") };
        var e = await Assert.ThrowsAsync<ClockBoundException>(() => clock.CommitWaitAsync(Start, OnFakeTime(clock)).AsTask());
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);
    }

    [Fact]
    public async Task SynchronousCommitWaitRunsOnTheFakeTimeProvider()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms);
        UnixInstant commit = clock.Now().Latest;
        Task<ClockBoundNow> wait = Task.Factory.StartNew(() => clock.CommitWait(commit, OnFakeTime(clock)), TaskCreationOptions.LongRunning);
        // The waiting thread blocks on a fake timer; advance until it wakes and sees the instant passed.
        var deadline = DateTime.UtcNow + Hang;
        while (!wait.IsCompleted && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(1);
        }
        ClockBoundNow proof = await wait.WaitAsync(Hang);
        Assert.True(proof.Earliest > commit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CommitWaitOnARealSegment(bool synchronous)
    {
        using var dir = new TempDirectory();
        using SegmentWriter writer = SegmentWriter.Open(dir.File("shm0"), 2);
        writer.Write(Fresh(bound: 500_000, driftPpb: 0));
        using ClockBoundClient client = ClockBoundClient.Open(dir.File("shm0"));
        UnixInstant commit = client.Now().Latest;

        ClockBoundNow proof = synchronous
            ? client.CommitWait(commit)
            : await client.CommitWaitAsync(commit).AsTask().WaitAsync(Hang);

        Assert.True(proof.Earliest > commit);
        Assert.True(client.Now().Earliest > commit);
    }

    [Theory]
    [InlineData(0, 1)]            // earliest == instant: 1 ns to go, a whole ms
    [InlineData(999_999, 1)]
    [InlineData(1_000_000, 2)]
    [InlineData(2_000_000, 3)]
    [InlineData(998_999_999, 999)]
    [InlineData(999_999_999, 1000)]
    [InlineData(5_000_000_000, 1000)] // capped
    [InlineData(long.MaxValue, 1000)]
    public void SleepIsTheRemainingTimeRoundedUpToWholeMilliseconds(long instantMinusEarliest, int expectedMilliseconds)
    {
        var now = new ClockBoundNow(UnixInstant.MinValue, UnixInstant.MinValue, 0, ClockStatus.Synchronized);
        UnixInstant instant = UnixInstant.MinValue.PlusNanoseconds(instantMinusEarliest);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), ClockBoundExtensions.NextSleep(now, instant));
    }

    [Fact]
    public void SleepSpansTheWholeRangeWithoutOverflow()
    {
        var now = new ClockBoundNow(UnixInstant.MinValue, UnixInstant.MinValue, 0, ClockStatus.Synchronized);
        Assert.Equal(ClockBoundExtensions.CommitWaitMaxSleep, ClockBoundExtensions.NextSleep(now, UnixInstant.MaxValue));
        var unknown = new ClockBoundNow(UnixInstant.MinValue, UnixInstant.MinValue, 0, ClockStatus.Unknown);
        Assert.Equal(ClockBoundExtensions.CommitWaitPollInterval, ClockBoundExtensions.NextSleep(unknown, UnixInstant.MaxValue));
    }

    /// <summary>Waits until the wait loop has read the clock <paramref name="calls"/> times (its continuation may run on another thread).</summary>
    private static async Task WaitForNowCalls(FakeClockBound clock, long calls)
    {
        var deadline = DateTime.UtcNow + Hang;
        while (clock.NowCallCount < calls)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the commit wait never read the clock a {calls}th time");
            await Task.Delay(1);
        }
        // Let the loop register its next timer after the read.
        await Task.Delay(1);
    }
}
