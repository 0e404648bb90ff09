using CsCheck;

namespace ClockBound.Client.Tests;

/// <summary>The commit wait's decision after each reading: when it may finish, fail, spin or sleep, and for how long.</summary>
public sealed class CommitWaitPlanTests
{
    private const long Us = 1_000;
    private const long Ms = 1_000_000;
    private const long Threshold = 200 * Us;
    private const long None = CommitWaitPlan.NoDeadline;

    private static readonly UnixInstant Instant = UnixInstant.FromUnixTimeNanoseconds(1_700_000_000L * 1_000_000_000L);

    /// <summary>A reading whose earliest lies <paramref name="earliestMinusInstant"/> from <see cref="Instant"/>.</summary>
    private static ClockBoundNow Reading(long earliestMinusInstant, ClockStatus status = ClockStatus.Synchronized, long bound = 24 * Us) =>
        NowCalculator.Around(Instant.UnixTimeNanoseconds + earliestMinusInstant + bound, bound, status);

    private static (CommitWaitStep Step, TimeSpan Sleep) Next(ClockBoundNow now, long threshold = Threshold, bool failFast = false,
        long untilDeadline = None, bool timersOnly = false)
    {
        CommitWaitStep step = CommitWaitPlan.Next(now, Instant, threshold, failFast, untilDeadline, timersOnly, out TimeSpan sleep);
        return (step, sleep);
    }

    [Theory]
    [InlineData(1, ClockStatus.Synchronized, "Done")]
    [InlineData(1, ClockStatus.FreeRunning, "Done")]
    [InlineData(0, ClockStatus.Synchronized, "Spin")]    // earliest == instant: not yet surely passed
    [InlineData(-1, ClockStatus.Synchronized, "Spin")]
    [InlineData(1, ClockStatus.Unknown, "Sleep")]        // past, but the interval proves nothing
    [InlineData(1, ClockStatus.Disrupted, "Sleep")]
    public void DoneOnlyWhenAReliableEarliestIsPastTheInstant(long earliestMinusInstant, ClockStatus status, string expected) =>
        Assert.Equal(Enum.Parse<CommitWaitStep>(expected), Next(Reading(earliestMinusInstant, status)).Step);

    [Theory]
    [InlineData(48 * Us, 0)]                        // the ±24 µs commit wait: all spun
    [InlineData(Threshold, 0)]                      // remaining - 1 ns < threshold
    [InlineData(Threshold + 49_999, 0)]             // less than the shortest sleep above the threshold: spun
    [InlineData(Threshold + 50_000, 50_000)]        // the shortest sleep
    [InlineData(Threshold + 1_234_567, 1_234_500)]  // floored to a 100-ns tick: the sleep ends before the threshold
    [InlineData(2 * Ms, 1_800_000)]                 // the ±1 ms commit wait
    [InlineData(10 * Ms, 9_800_000)]                // the ±5 ms commit wait
    [InlineData(Threshold + 1_000 * Ms, 1_000 * Ms)]
    [InlineData(5_000 * Ms, 1_000 * Ms)]            // capped at CommitWaitMaxSleep, then read again
    public void SleepsUntilTheThresholdBeforeEarliestPasses(long untilPassed, long expectedSleepNanoseconds)
    {
        (CommitWaitStep step, TimeSpan sleep) = Next(Reading(1 - untilPassed));
        Assert.Equal(expectedSleepNanoseconds == 0 ? CommitWaitStep.Spin : CommitWaitStep.Sleep, step);
        Assert.Equal(TimeSpan.FromTicks(expectedSleepNanoseconds / 100), sleep);
    }

    [Theory]
    [InlineData(0, 1_050_000)] // no threshold: sleep all of it (the wake-up is late by the timer slack)
    [InlineData(100 * Ms, 0)]  // the largest threshold spins 100 ms
    public void TheThresholdMovesTheSwitchToSpinning(long threshold, long expectedSleepNanoseconds)
    {
        (CommitWaitStep step, TimeSpan sleep) = Next(Reading(1 - (Ms + 50 * Us)), threshold);
        Assert.Equal(expectedSleepNanoseconds == 0 ? CommitWaitStep.Spin : CommitWaitStep.Sleep, step);
        Assert.Equal(TimeSpan.FromTicks(expectedSleepNanoseconds / 100), sleep);
    }

    [Theory]
    [InlineData(ClockStatus.Unknown)]
    [InlineData(ClockStatus.Disrupted)]
    public void AnUnreliableStatusPollsOrFailsFast(ClockStatus status)
    {
        Assert.Equal((CommitWaitStep.Sleep, ClockBoundExtensions.CommitWaitPollInterval), Next(Reading(-48 * Us, status)));
        Assert.Equal((CommitWaitStep.FailNotReliable, TimeSpan.Zero), Next(Reading(-48 * Us, status), failFast: true));
        Assert.Equal((CommitWaitStep.FailNotReliable, TimeSpan.Zero), Next(Reading(Ms, status), failFast: true));
        Assert.Equal(CommitWaitStep.Spin, Next(Reading(-48 * Us, ClockStatus.FreeRunning), failFast: true).Step);
    }

    [Fact]
    public void TheDeadlineEndsTheWaitUnlessTheInstantHasPassed()
    {
        Assert.Equal(CommitWaitStep.FailTimedOut, Next(Reading(-48 * Us), untilDeadline: 0).Step);
        Assert.Equal(CommitWaitStep.FailTimedOut, Next(Reading(-48 * Us), untilDeadline: -5 * Ms).Step);
        Assert.Equal(CommitWaitStep.FailTimedOut, Next(Reading(-48 * Us, ClockStatus.Unknown), untilDeadline: 0).Step);
        Assert.Equal(CommitWaitStep.Done, Next(Reading(1), untilDeadline: -5 * Ms).Step);
        // Fail fast comes before the deadline: the reason given is the status.
        Assert.Equal(CommitWaitStep.FailNotReliable, Next(Reading(1, ClockStatus.Unknown), failFast: true, untilDeadline: 0).Step);
    }

    [Theory]
    [InlineData(10 * Ms, 3_400 * Us, 3_400 * Us, 3_400 * Us)] // sleeps cut to the deadline
    [InlineData(10 * Ms, 1, 100, 100)]                         // rounded up to a tick, so that it is reached
    [InlineData(10 * Ms, 20 * Ms, 9_800 * Us, 10 * Ms)]        // a later deadline changes nothing (Unknown: the poll interval)
    public void SleepsEndAtTheDeadline(long untilPassed, long untilDeadline, long expectedSleep, long expectedUnknownSleep)
    {
        Assert.Equal((CommitWaitStep.Sleep, TimeSpan.FromTicks(expectedSleep / 100)), Next(Reading(1 - untilPassed), untilDeadline: untilDeadline));
        Assert.Equal((CommitWaitStep.Sleep, TimeSpan.FromTicks(expectedUnknownSleep / 100)),
            Next(Reading(1 - untilPassed, ClockStatus.Unknown), untilDeadline: untilDeadline));
    }

    [Fact]
    public void OnTimersAloneTheWaitNeverSpinsAndSleepsTheWholeRemainderRoundedUp()
    {
        Assert.Equal((CommitWaitStep.Sleep, TimeSpan.FromMilliseconds(1)), Next(Reading(1 - 48 * Us), timersOnly: true));
        Assert.Equal((CommitWaitStep.Sleep, TimeSpan.FromMilliseconds(3)), Next(Reading(-2 * Ms), timersOnly: true));
        Assert.Equal(CommitWaitStep.Done, Next(Reading(1), timersOnly: true).Step);
    }

    [Fact]
    public void TheExtremesOfTheRangeDoNotOverflow()
    {
        var earliest = new ClockBoundNow(UnixInstant.MinValue, UnixInstant.MinValue, 0, ClockStatus.Synchronized);
        foreach (long threshold in new[] { 0L, Threshold, 100 * Ms })
        {
            Assert.Equal((CommitWaitStep.Sleep, ClockBoundExtensions.CommitWaitMaxSleep),
                (CommitWaitPlan.Next(earliest, UnixInstant.MaxValue, threshold, false, None, false, out TimeSpan sleep), sleep));
        }
        var latest = new ClockBoundNow(UnixInstant.MaxValue, UnixInstant.MaxValue, 0, ClockStatus.Synchronized);
        Assert.Equal(CommitWaitStep.Done, CommitWaitPlan.Next(latest, UnixInstant.MinValue, 0, false, None, false, out _));
        Assert.Equal(CommitWaitStep.Spin, CommitWaitPlan.Next(latest, UnixInstant.MaxValue, 0, false, None, false, out _));
    }

    /// <summary>
    /// The invariants, over random readings and settings: done exactly when the reading proves the
    /// instant passed; a sleep of the real clock ends at least the threshold before earliest passes
    /// (the wait never sleeps past the moment it could return); a spin only within the shortest sleep
    /// above the threshold; every sleep at most the maximum, and without a deadline at least the
    /// shortest sleep (whole milliseconds on timers alone or while unreliable).
    /// </summary>
    [Fact]
    public void InvariantsHoldForAnyReading()
    {
        Gen<ClockStatus> statuses = Gen.Enum<ClockStatus>();
        Gen<long> offsets = Gen.Frequency((3, Gen.Long[-20 * Ms, 2 * Ms]), (1, Gen.Long[-3_000 * Ms, 0]), (1, Gen.Long));
        Gen<long> thresholds = Gen.OneOf(Gen.Const(0L), Gen.Const(Threshold), Gen.Long[0, 100 * Ms]);
        Gen<long> deadlines = Gen.Frequency((2, Gen.Const(None)), (1, Gen.Long[-Ms, 50 * Ms]), (1, Gen.Long));
        Gen.Select(Gen.Select(offsets, Gen.Long[0, 10 * Ms], statuses), Gen.Select(thresholds, Gen.Bool, deadlines, Gen.Bool))
            .Sample(input =>
            {
                ((long offset, long bound, ClockStatus status), (long threshold, bool failFast, long deadline, bool timersOnly)) = input;
                long earliest = unchecked(Instant.UnixTimeNanoseconds + offset);
                var now = new ClockBoundNow(UnixInstant.FromUnixTimeNanoseconds(earliest),
                    UnixInstant.FromUnixTimeNanoseconds(earliest > long.MaxValue - 2 * bound ? long.MaxValue : earliest + 2 * bound), bound, status);
                CommitWaitStep step = CommitWaitPlan.Next(now, Instant, threshold, failFast, deadline, timersOnly, out TimeSpan sleep);

                Assert.Equal(now.HasSurelyPassed(Instant), step == CommitWaitStep.Done);
                if (step != CommitWaitStep.Sleep)
                {
                    Assert.Equal(TimeSpan.Zero, sleep);
                }
                // Nanoseconds from now until earliest passes the instant (when the clock advances as read).
                decimal untilPassed = (decimal)Instant.UnixTimeNanoseconds - earliest + 1;
                switch (step)
                {
                    case CommitWaitStep.Sleep:
                        Assert.InRange(sleep, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
                        if (deadline == None && (timersOnly || !now.IsReliable))
                        {
                            Assert.True(sleep >= TimeSpan.FromMilliseconds(1) && sleep.Ticks % TimeSpan.TicksPerMillisecond == 0, $"slept {sleep}");
                        }
                        else if (deadline == None)
                        {
                            Assert.True(sleep.Ticks * 100 >= CommitWaitPlan.MinSleepNanoseconds, $"slept {sleep}");
                        }
                        if (now.IsReliable && !timersOnly)
                        {
                            Assert.True(sleep.Ticks * 100m <= untilPassed - threshold, $"slept {sleep} with {untilPassed} ns to go");
                        }
                        break;
                    case CommitWaitStep.Spin:
                        Assert.True(now.IsReliable && !timersOnly);
                        Assert.True(untilPassed - threshold < CommitWaitPlan.MinSleepNanoseconds);
                        break;
                    case CommitWaitStep.FailNotReliable:
                        Assert.True(failFast && !now.IsReliable);
                        break;
                    case CommitWaitStep.FailTimedOut:
                        Assert.True(deadline <= 0);
                        break;
                }
            }, iter: 200_000);
    }
}
