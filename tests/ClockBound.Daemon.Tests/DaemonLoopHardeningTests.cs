using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests;

/// <summary>The loop under faults: log floods, failing iterations, as_of order.</summary>
public sealed class DaemonLoopHardeningTests
{
    [Fact]
    public void RefTimeInTheFutureAtTenMillisecondPollingIsRateLimitedByReasonNotByText()
    {
        // The report's numbers change every poll (ref_time 10 s ahead of a moving clock), so a
        // once-per-distinct-text rule logged every one: 17 000 lines in 170 s.
        var h = new LoopHarness(pollIntervalMs: 10);
        h.Loop.RunOnce();
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, ageNanoseconds: -10 * Second);
        for (int i = 0; i < 17_000; i++)
        {
            h.Step(10 * Millisecond);
        }
        List<string> failures = [.. h.Logger.Lines.Where(l => l.Message.StartsWith("Sample failed", StringComparison.Ordinal)).Select(l => l.Message)];
        Assert.Equal(3, failures.Count); // at 0 s, 60 s, 120 s
        Assert.Contains("in the future", failures[0], StringComparison.Ordinal);
        Assert.EndsWith("(0 similar lines suppressed)", failures[0], StringComparison.Ordinal);
        Assert.EndsWith("(5999 similar lines suppressed)", failures[1], StringComparison.Ordinal);

        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime);
        h.Step(10 * Millisecond);
        Assert.True(h.Logger.Contains(LogLevel.Information, "chronyd answers again after 17000 failed samples (4999 failure lines suppressed)"));
    }

    [Fact]
    public void ADifferentKindOfFailureIsLoggedAtOnce()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Chrony.TrackingFails = true;
        h.Step();
        h.Step();
        h.Chrony.TrackingFails = false;
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, ageNanoseconds: -10 * Second);
        h.Step();
        List<string> failures = [.. h.Logger.Lines.Where(l => l.Message.StartsWith("Sample failed", StringComparison.Ordinal)).Select(l => l.Message)];
        Assert.Equal(2, failures.Count);
        Assert.Contains("no reply", failures[0], StringComparison.Ordinal);
        Assert.Contains("in the future", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ALoopThatFailsEveryIterationIsLoggedAtErrorLevelWithTheCountThenRateLimited()
    {
        var sink = new ThrowingSink();
        var h = new LoopHarness(sink: sink);
        h.Run(iterations: 700); // 70 s at 100 ms

        List<(LogLevel Level, int EventId, string Message)> failed =
            [.. h.Logger.Lines.Where(l => l.Message.StartsWith("Loop iteration failed", StringComparison.Ordinal))];
        Assert.Equal(2, failed.Count); // at 0 s and 60 s
        Assert.All(failed, l => Assert.Equal(LogLevel.Error, l.Level));
        Assert.Contains("(1 in a row, 0 similar lines suppressed)", failed[0].Message, StringComparison.Ordinal);
        Assert.Contains("(601 in a row, 599 similar lines suppressed)", failed[1].Message, StringComparison.Ordinal);
        Assert.Equal(700, h.Loop.ConsecutiveFailedIterations);

        sink.Fails = false;
        h.Run(iterations: 1);
        Assert.Equal(0, h.Loop.ConsecutiveFailedIterations);
        Assert.True(h.Logger.Contains(LogLevel.Information, "Loop iterations succeed again after 700 failures in a row (99 failure lines suppressed)"));
    }

    [Fact]
    public void PublishedAsOfNeverGoesBackwardsWhenASignalStampsNowDuringTheQuery()
    {
        // No good sample yet: the signal's Disrupted carries "now"; the iteration that was
        // inside its query then publishes with its earlier step-2 as_of.
        var h = new LoopHarness();
        h.Chrony.TrackingFails = true;
        h.Chrony.CallDurationNanoseconds = 300 * Millisecond;
        h.Chrony.AfterTracking = () => h.Loop.OnForcedDisruptionStart();
        h.Loop.RunOnce();
        h.Chrony.AfterTracking = null;

        Assert.True(h.Sink.Writes.Count >= 2);
        for (int i = 1; i < h.Sink.Writes.Count; i++)
        {
            Assert.True(h.Sink.Writes[i].AsOfNanoseconds >= h.Sink.Writes[i - 1].AsOfNanoseconds,
                $"as_of went back from {h.Sink.Writes[i - 1].AsOfNanoseconds} to {h.Sink.Writes[i].AsOfNanoseconds} at write {i}");
        }
    }

    [Fact]
    public void AGoodSampleOlderThanThePublishedAsOfIsWidenedByTheDrift()
    {
        var h = new LoopHarness(maxDriftPpb: 50_000);
        h.Loop.RunOnce();
        h.Chrony.CallDurationNanoseconds = 300 * Millisecond;
        long asOfBeforeQuery = 0;
        h.Chrony.AfterTracking = () =>
        {
            // SIGUSR1 lands while chronyd is answering: Disrupted published with the previous sample.
            asOfBeforeQuery = h.Clock.Monotonic - 300 * Millisecond;
            h.Loop.OnForcedDisruptionStart();
        };
        h.Step();
        h.Chrony.AfterTracking = null;
        ClockErrorBound last = h.Sink.Last;
        Assert.Equal(ClockStatus.Disrupted, last.Status);
        Assert.True(last.AsOfNanoseconds >= h.Sink.Writes[^2].AsOfNanoseconds);
        // Whatever as_of is published, the bound at it covers the kept sample's bound plus drift since.
        Assert.True(last.BoundNanoseconds >= Reports.DefaultBoundNanoseconds + (last.AsOfNanoseconds - asOfBeforeQuery) * 50_000 / 1_000_000_000);
    }

    [Fact]
    public void SteadyStateIterationsAllocateNothing()
    {
        var sink = new CountingSink();
        var clock = new FakeClock();
        DaemonLoop loop = SteadyLoop.Create(clock, new SteadyChrony(clock), sink);

        Assert.Equal(0, SteadyLoop.AllocatedBytes(loop, clock));
        Assert.Equal(ClockStatus.Synchronized, sink.Last.Status);
        Assert.Equal(101_000, sink.Count);
    }

    private sealed class CountingSink : ISegmentSink
    {
        public int Count { get; private set; }
        public ClockErrorBound Last { get; private set; }

        public void Write(in ClockErrorBound value)
        {
            Count++;
            Last = value;
        }
    }

    /// <summary>A sink with a bug: it throws what the publisher does not expect.</summary>
    private sealed class ThrowingSink : ISegmentSink
    {
        public bool Fails { get; set; } = true;

        public void Write(in ClockErrorBound value)
        {
            if (Fails)
            {
                throw new InvalidOperationException("bug in the sink");
            }
        }
    }
}
