using ClockBound.Testing;

namespace ClockBound.Client.Tests;

/// <summary>
/// The commit wait's loops: never done before the instant has surely passed, on real sleeping and
/// spinning (a clock that moves with real time) and on fake timers; the options' failures; no
/// allocation on the blocking path and on an async wait that needs no sleep.
/// </summary>
public sealed class CommitWaitTests
{
    private const long Us = 1_000;
    private const long Ms = 1_000_000;

    /// <summary>A safety net against a hung test, not a timing assertion.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static readonly UnixInstant Start = FakeClockBound.DefaultStart;

    public static TheoryData<long, long> BoundsAndThresholds => new()
    {
        { 24 * Us, CommitWaitOptions.DefaultSpinThreshold.Ticks * 100 }, // spun
        { 1_500 * Us, CommitWaitOptions.DefaultSpinThreshold.Ticks * 100 }, // slept, then spun
        { 1_500 * Us, 0 },
        { 300 * Us, 100 * Ms },
    };

    [Theory]
    [MemberData(nameof(BoundsAndThresholds))]
    public async Task NeverReturnsBeforeTheInstantHasSurelyPassed(long bound, long thresholdNanoseconds)
    {
        var clock = new SteadyClockBound(bound);
        var options = new CommitWaitOptions { SpinThreshold = TimeSpan.FromTicks(thresholdNanoseconds / 100) };
        for (int i = 0; i < 20; i++)
        {
            UnixInstant commit = clock.Now().Latest;
            ClockBoundNow proof = i % 2 == 0
                ? clock.CommitWait(commit, options)
                : await clock.CommitWaitAsync(commit, options).AsTask().WaitAsync(Hang);
            ClockBoundNow after = clock.Now();
            Assert.True(proof.HasSurelyPassed(commit), $"{proof} does not prove {commit}");
            Assert.True(after.HasSurelyPassed(commit), $"{after} after the wait does not prove {commit}");
        }
    }

    [Fact]
    public void WhereClockNanosleepIsForbiddenTheBlockingWaitSleepsAnotherWay()
    {
        // The filter works: on its thread the precise sleep fails.
        Assert.False(ForbiddenSystemCall.Run(ForbiddenSystemCall.ClockNanosleep, () => ClockBound.Interop.PreciseSleep.TrySleep(1_000)));

        var clock = new SteadyClockBound(1_500 * Us); // a 3 ms wait: a sleep, then a spin
        (UnixInstant commit, ClockBoundNow proof) = ForbiddenSystemCall.Run(ForbiddenSystemCall.ClockNanosleep, () =>
        {
            UnixInstant commit = clock.Now().Latest;
            return (commit, clock.CommitWait(commit));
        });
        Assert.True(proof.HasSurelyPassed(commit), $"{proof} does not prove {commit}");
    }

    [Fact]
    public void TheBlockingWaitAllocatesNothing()
    {
        var spun = new SteadyClockBound(10 * Us);
        var slept = new SteadyClockBound(700 * Us); // 1.4 ms: one 1 ms sleep, then spinning
        var options = new CommitWaitOptions { MaximumWait = TimeSpan.FromSeconds(10), FailFastOnUnreliableStatus = true };
        spun.CommitWait(spun.Now().Latest, options);
        slept.CommitWait(slept.Now().Latest, options);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            spun.CommitWait(spun.Now().Latest);
            spun.CommitWait(spun.Now().Latest, options);
        }
        for (int i = 0; i < 5; i++)
        {
            slept.CommitWait(slept.Now().Latest, options);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task AnAsyncWaitThatNeedsNoSleepCompletesSynchronouslyWithoutAllocating()
    {
        var clock = new SteadyClockBound(10 * Us);
        await clock.CommitWaitAsync(clock.Now().Latest);

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool synchronous = true;
        for (int i = 0; i < 100; i++)
        {
            UnixInstant commit = clock.Now().Latest;
            ValueTask<ClockBoundNow> wait = clock.CommitWaitAsync(commit);
            synchronous &= wait.IsCompletedSuccessfully && ProofOf(wait).HasSurelyPassed(commit);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(synchronous);
    }

    [Theory]
    [InlineData(ClockStatus.Unknown, false)]
    [InlineData(ClockStatus.Disrupted, false)]
    [InlineData(ClockStatus.Unknown, true)]
    [InlineData(ClockStatus.Disrupted, true)]
    public async Task FailFastGivesUpAtTheFirstUnreliableReading(ClockStatus status, bool synchronous)
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms, status);
        UnixInstant commit = Start.PlusNanoseconds(-5 * Ms); // already past: the status alone decides
        var options = new CommitWaitOptions { FailFastOnUnreliableStatus = true, TimeProvider = clock.TimeProvider };

        CommitWaitException e = synchronous
            ? Assert.Throws<CommitWaitException>(() => clock.CommitWait(commit, options))
            : await Assert.ThrowsAsync<CommitWaitException>(() => clock.CommitWaitAsync(commit, options).AsTask());

        Assert.Equal(CommitWaitFailure.ClockNotReliable, e.Reason);
        Assert.Equal(commit, e.Instant);
        Assert.Equal(status, e.LastReading.Status);
        Assert.Equal(1, clock.NowCallCount);
        Assert.Contains(status.ToString(), e.Message);
        Assert.Contains("FailFastOnUnreliableStatus", e.Message);
    }

    [Fact]
    public async Task MaximumWaitEndsAWaitThroughAnUnreliableStatus()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms, ClockStatus.Unknown);
        var options = new CommitWaitOptions { MaximumWait = TimeSpan.FromMilliseconds(25), TimeProvider = clock.TimeProvider };
        Task<ClockBoundNow> wait = clock.CommitWaitAsync(clock.Now().Latest, options).AsTask();

        for (int i = 0; i < 2; i++)
        {
            long calls = clock.NowCallCount;
            clock.Advance(ClockBoundExtensions.CommitWaitPollInterval);
            await WaitForNowCalls(clock, calls + 1);
            Assert.False(wait.IsCompleted);
        }
        clock.Advance(TimeSpan.FromMilliseconds(5)); // the last sleep was cut to the deadline, 25 ms
        CommitWaitException e = await Assert.ThrowsAsync<CommitWaitException>(() => wait.WaitAsync(Hang));
        Assert.Equal(CommitWaitFailure.TimedOut, e.Reason);
        Assert.Equal(ClockStatus.Unknown, e.LastReading.Status);
        Assert.Contains("MaximumWait", e.Message);
    }

    [Fact]
    public async Task MaximumWaitEndsAWaitForAFarInstant()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms);
        UnixInstant commit = Start + TimeSpan.FromSeconds(10);
        var options = new CommitWaitOptions { MaximumWait = TimeSpan.FromMilliseconds(5), TimeProvider = clock.TimeProvider };
        Task<ClockBoundNow> wait = clock.CommitWaitAsync(commit, options).AsTask();
        await WaitForNowCalls(clock, 1);
        Assert.False(wait.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(5));
        CommitWaitException e = await Assert.ThrowsAsync<CommitWaitException>(() => wait.WaitAsync(Hang));
        Assert.Equal(CommitWaitFailure.TimedOut, e.Reason);
        Assert.True(e.LastReading.IsReliable);
        Assert.Equal(2, clock.NowCallCount); // slept once, to the deadline
    }

    [Fact]
    public void MaximumWaitEndsABlockingWaitOnTheRealClock()
    {
        var clock = new SteadyClockBound(24 * Us);
        UnixInstant commit = clock.Now().Latest + TimeSpan.FromSeconds(10);
        var options = new CommitWaitOptions { MaximumWait = TimeSpan.FromMilliseconds(5) };
        CommitWaitException e = Assert.Throws<CommitWaitException>(() => clock.CommitWait(commit, options));
        Assert.Equal(CommitWaitFailure.TimedOut, e.Reason);
        Assert.False(e.LastReading.HasSurelyPassed(commit));
    }

    [Fact]
    public void AZeroMaximumWaitReadsOnce()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: Ms);
        var options = new CommitWaitOptions { MaximumWait = TimeSpan.Zero };
        Assert.Equal(clock.Now(), clock.CommitWait(Start.PlusNanoseconds(-2 * Ms), options));
        long calls = clock.NowCallCount;
        CommitWaitException e = Assert.Throws<CommitWaitException>(() => clock.CommitWait(Start, options));
        Assert.Equal(CommitWaitFailure.TimedOut, e.Reason);
        Assert.Equal(calls + 1, clock.NowCallCount);
    }

    [Fact]
    public async Task ASpinCanBeCancelled()
    {
        var clock = new SteadyClockBound(24 * Us);
        var options = new CommitWaitOptions { SpinThreshold = CommitWaitOptions.MaxSpinThreshold };
        using var cancel = new CancellationTokenSource();
        UnixInstant commit = clock.Now().Latest + TimeSpan.FromSeconds(10);
        Task<ClockBoundNow> wait = Task.Factory.StartNew(() => clock.CommitWait(commit, options, cancel.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await WaitForNowCalls(clock, 2);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Hang));
    }

    [Fact]
    public async Task ABlockingSleepCanBeCancelled()
    {
        var clock = new SteadyClockBound(24 * Us);
        using var cancel = new CancellationTokenSource();
        UnixInstant commit = clock.Now().Latest + TimeSpan.FromMinutes(10);
        Task<ClockBoundNow> wait = Task.Factory.StartNew(() => clock.CommitWait(commit, cancel.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await WaitForNowCalls(clock, 2);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Hang));
    }

    [Fact]
    public async Task ManyAsyncWaitsAtOnceAllEndAfterTheirInstants()
    {
        var clock = new SteadyClockBound(500 * Us);
        UnixInstant now = clock.Now().Latest;
        // Instants 0 to 9.8 ms apart, added out of order: the shared timer keeps them sorted.
        UnixInstant[] commits = Enumerable.Range(0, 50).Select(i => now.PlusNanoseconds((i * 37 % 50) * 200 * Us)).ToArray();
        ClockBoundNow[] proofs = await Task.WhenAll(commits.Select(c => clock.CommitWaitAsync(c).AsTask())).WaitAsync(Hang);
        for (int i = 0; i < commits.Length; i++)
        {
            Assert.True(proofs[i].HasSurelyPassed(commits[i]), $"{proofs[i]} does not prove {commits[i]}");
        }
    }

    [Fact]
    public async Task AnAsyncSleepCanBeCancelled()
    {
        var clock = new SteadyClockBound(24 * Us);
        using var cancel = new CancellationTokenSource();
        Task<ClockBoundNow> wait = clock.CommitWaitAsync(clock.Now().Latest + TimeSpan.FromMinutes(10), cancel.Token).AsTask();
        Assert.False(wait.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Hang));
        Assert.True(wait.IsCanceled);
    }

    [Fact]
    public void AsyncFailuresAreInTheTaskNotThrown()
    {
        var clock = new FakeClockBound { Error = new ClockBoundException(ClockBoundErrorKind.SegmentNotInitialized, "no daemon") };
        ValueTask<ClockBoundNow> failed = clock.CommitWaitAsync(Start);
        Assert.True(failed.IsFaulted);
        Assert.IsType<ClockBoundException>(failed.AsTask().Exception!.InnerException);

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        clock.Error = null;
        ValueTask<ClockBoundNow> cancelled = clock.CommitWaitAsync(Start + TimeSpan.FromSeconds(1), (CommitWaitOptions?)null, cancel.Token);
        Assert.True(cancelled.IsCanceled);

        clock.Status = ClockStatus.Unknown;
        ValueTask<ClockBoundNow> unreliable = clock.CommitWaitAsync(Start, new CommitWaitOptions { FailFastOnUnreliableStatus = true });
        Assert.True(unreliable.IsFaulted);
    }

    [Fact]
    public void OptionsRejectValuesOutOfRangeNamingTheProperty()
    {
        Assert.Equal("MaximumWait", Assert.Throws<ArgumentOutOfRangeException>(() => new CommitWaitOptions { MaximumWait = TimeSpan.FromTicks(-1) }).ParamName);
        Assert.Equal("SpinThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => new CommitWaitOptions { SpinThreshold = TimeSpan.FromTicks(-1) }).ParamName);
        Assert.Equal("SpinThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => new CommitWaitOptions { SpinThreshold = TimeSpan.FromMilliseconds(101) }).ParamName);
        var defaults = new CommitWaitOptions { MaximumWait = Timeout.InfiniteTimeSpan };
        Assert.Equal(Timeout.InfiniteTimeSpan, defaults.MaximumWait);
        Assert.Equal(TimeSpan.FromMicroseconds(200), defaults.SpinThreshold);
        Assert.False(defaults.FailFastOnUnreliableStatus);
        Assert.Null(defaults.TimeProvider);
        Assert.Equal(TimeSpan.MaxValue, new CommitWaitOptions { MaximumWait = TimeSpan.MaxValue }.MaximumWait);
    }

    [Fact]
    public void AHugeMaximumWaitIsNoDeadline()
    {
        var clock = new SteadyClockBound(24 * Us);
        UnixInstant commit = clock.Now().Latest;
        Assert.True(clock.CommitWait(commit, new CommitWaitOptions { MaximumWait = TimeSpan.MaxValue }).HasSurelyPassed(commit));
    }

    /// <summary>The result of a wait already completed (checked by the caller).</summary>
    private static ClockBoundNow ProofOf(ValueTask<ClockBoundNow> completed) =>
        completed.IsCompletedSuccessfully ? completed.Result : default;

    /// <summary>Waits until the wait loop has read the clock <paramref name="calls"/> times (it runs on another thread).</summary>
    private static async Task WaitForNowCalls(FakeClockBound clock, long calls) => await WaitFor(() => clock.NowCallCount >= calls, calls);

    private static async Task WaitForNowCalls(SteadyClockBound clock, long calls) => await WaitFor(() => clock.NowCallCount >= calls, calls);

    private static async Task WaitFor(Func<bool> condition, long calls)
    {
        var deadline = DateTime.UtcNow + Hang;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the commit wait never read the clock a {calls}th time");
            await Task.Delay(1);
        }
        // Let the loop register its next timer after the read.
        await Task.Delay(1);
    }
}
