using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests;

public sealed class DaemonLoopTests
{
    [Fact]
    public void GoodSamplePublishesSynchronizedWithAsOfTakenBeforeTheQuery()
    {
        var h = new LoopHarness(maxDriftPpb: 50_000);
        h.Chrony.CallDurationNanoseconds = 3 * Millisecond;
        long before = h.Clock.Monotonic;
        h.Loop.RunOnce();

        ClockErrorBound written = Assert.Single(h.Sink.Writes);
        Assert.Equal(ClockStatus.Synchronized, written.Status);
        Assert.Equal(before, written.AsOfNanoseconds);
        Assert.Equal(before + 1000 * Second, written.VoidAfterNanoseconds);
        Assert.Equal(Reports.DefaultBoundNanoseconds, written.BoundNanoseconds);
        Assert.Equal(50_000u, written.MaxDriftPpb);
        Assert.Equal(0x1234UL, written.DisruptionMarker);
        Assert.True(written.DisruptionSupportEnabled);
    }

    [Fact]
    public void VoidAfterIsAlwaysAsOfPlus1000Seconds()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Chrony.TrackingFails = true;
        for (int i = 0; i < 80; i++)
        {
            h.Step();
        }
        h.Chrony.TrackingFails = false;
        h.Step();
        Assert.All(h.Sink.Writes, w => Assert.Equal(w.AsOfNanoseconds + 1000 * Second, w.VoidAfterNanoseconds));
        Assert.Contains(h.Sink.Writes, w => w.Status == ClockStatus.FreeRunning);
        Assert.Contains(h.Sink.Writes, w => w.Status == ClockStatus.Unknown);
    }

    [Fact]
    public void BeforeAnyGoodSamplePublishesUnknownWithTheWidestBoundAtTheCurrentInstant()
    {
        var h = new LoopHarness();
        h.Chrony.TrackingFails = true;
        h.Loop.RunOnce();
        h.Step();
        Assert.Equal(2, h.Sink.Writes.Count);
        Assert.All(h.Sink.Writes, w =>
        {
            Assert.Equal(ClockStatus.Unknown, w.Status);
            Assert.Equal(DaemonLoop.NoSampleBoundNanoseconds, w.BoundNanoseconds);
        });
        Assert.Equal(h.Clock.Monotonic, h.Sink.Last.AsOfNanoseconds);
    }

    [Fact]
    public void UnsynchronisedChronydFromTheStartIsUnknownNotFreeRunning()
    {
        var h = new LoopHarness();
        h.Chrony.Tracking = c => Reports.JustRestarted(c.Realtime);
        h.Loop.RunOnce();
        h.Step();
        Assert.All(h.Sink.Writes, w => Assert.Equal(ClockStatus.Unknown, w.Status));
        Assert.Equal(DaemonLoop.NoSampleBoundNanoseconds, h.Sink.Last.BoundNanoseconds);
    }

    [Fact]
    public void FailedSamplesAreFreeRunningWithin5SecondsOfTheLastGoodAsOfThenUnknown()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        long goodAsOf = h.Sink.Last.AsOfNanoseconds;
        h.Chrony.TrackingFails = true;

        h.Step(4_999 * Millisecond);
        Assert.Equal(ClockStatus.FreeRunning, h.Sink.Last.Status);
        Assert.Equal(goodAsOf, h.Sink.Last.AsOfNanoseconds);
        Assert.Equal(Reports.DefaultBoundNanoseconds, h.Sink.Last.BoundNanoseconds);

        h.Step(1 * Millisecond); // exactly 5 s after the last good as_of
        Assert.Equal(ClockStatus.Unknown, h.Sink.Last.Status);
        Assert.Equal(goodAsOf, h.Sink.Last.AsOfNanoseconds);
        Assert.Equal(Reports.DefaultBoundNanoseconds, h.Sink.Last.BoundNanoseconds);

        // chronyd answers again: Unknown does not become FreeRunning, but Synchronized, with a new as_of.
        h.Chrony.TrackingFails = false;
        h.Step();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
        Assert.Equal(h.Clock.Monotonic, h.Sink.Last.AsOfNanoseconds);
    }

    [Fact]
    public void ChronydRestartReportDoesNotReplaceAGoodBound()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        ClockErrorBound good = h.Sink.Last;

        h.Chrony.Tracking = c => Reports.JustRestarted(c.Realtime);
        for (int i = 0; i < 3; i++)
        {
            h.Step();
            Assert.Equal(ClockStatus.FreeRunning, h.Sink.Last.Status);
            Assert.Equal(good.AsOfNanoseconds, h.Sink.Last.AsOfNanoseconds);
            Assert.Equal(good.BoundNanoseconds, h.Sink.Last.BoundNanoseconds);
        }
        // A FreeRunning report is a good sample: no 5 s limit applies (the reader extrapolates with the drift).
        h.Step(60 * Second);
        Assert.Equal(ClockStatus.FreeRunning, h.Sink.Last.Status);
    }

    [Fact]
    public void StaleSynchronizedReportIsFreeRunningAndKeepsTheLastBound()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        ClockErrorBound good = h.Sink.Last;
        // 16 s update interval → stale after 128 s.
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, ageNanoseconds: 129 * Second, rootDispersion: Floats.Seconds(1));
        h.Step();
        Assert.Equal(ClockStatus.FreeRunning, h.Sink.Last.Status);
        Assert.Equal(good.BoundNanoseconds, h.Sink.Last.BoundNanoseconds);
        Assert.Equal(good.AsOfNanoseconds, h.Sink.Last.AsOfNanoseconds);
    }

    [Fact]
    public void RefTimeInTheFutureFailsTheSample()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, ageNanoseconds: -10 * Second);
        h.Step();
        Assert.Equal(ClockStatus.FreeRunning, h.Sink.Last.Status);
        Assert.True(h.Logger.Contains(LogLevel.Warning, "in the future"));
    }

    [Fact]
    public void AbsurdReportFailsTheSample()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        long goodBound = h.Sink.Last.BoundNanoseconds;
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, rootDispersion: Floats.Make(-1, 0));
        h.Step();
        Assert.Equal(ClockStatus.FreeRunning, h.Sink.Last.Status);
        Assert.Equal(goodBound, h.Sink.Last.BoundNanoseconds);
    }

    [Fact]
    public void PhcBoundFailureFailsTheSampleLikeAFailedQuery()
    {
        var phc = new FakePhc();
        var h = new LoopHarness(phcRefId: 0x50484330, phc: phc);
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, refId: 0x50484330);
        h.Loop.RunOnce();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
        Assert.Equal(Reports.DefaultBoundNanoseconds + FakePhc.Bound, h.Sink.Last.BoundNanoseconds);

        phc.Fails = true;
        h.Step();
        Assert.Equal(ClockStatus.FreeRunning, h.Sink.Last.Status);
        Assert.True(h.Logger.Contains(LogLevel.Warning, "PHC"));
        h.Step(5 * Second);
        Assert.Equal(ClockStatus.Unknown, h.Sink.Last.Status);
    }

    [Fact]
    public void WithoutDisruptionSupportTheSegmentSaysSo()
    {
        var h = new LoopHarness(disruptionSupport: false);
        h.Loop.RunOnce();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
        Assert.False(h.Sink.Last.DisruptionSupportEnabled);
        Assert.Equal(0UL, h.Sink.Last.DisruptionMarker);
    }

    [Fact]
    public void DisruptionIsWrittenBeforeAnyChronyCallThenResetBurstAndUnknown()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Events.Clear();

        h.Marker!.Marker = 0x5678;
        h.Step();

        Assert.Equal(["write:Disrupted", "chrony:tracking", "chrony:reset", "chrony:burst", "write:Unknown"], h.Events.Snapshot());
        Assert.Equal((4, 8), Assert.Single(h.Chrony.BurstArguments));
        Assert.Equal(0x5678UL, h.Sink.Writes[^2].DisruptionMarker);
        Assert.Equal(0x5678UL, h.Sink.Last.DisruptionMarker);

        // Same marker again: Reliable, and chronyd (after the reset) is Synchronized.
        h.Step();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
        Assert.Single(h.Chrony.ResetTimes);
    }

    [Fact]
    public void DisruptionBeforeAnyGoodSampleUsesTheWidestBound()
    {
        var h = new LoopHarness();
        h.Chrony.TrackingFails = true;
        h.Loop.RunOnce();
        h.Marker!.Marker = 99;
        h.Step();
        ClockErrorBound disrupted = h.Sink.Writes.First(w => w.Status == ClockStatus.Disrupted);
        Assert.Equal(DaemonLoop.NoSampleBoundNanoseconds, disrupted.BoundNanoseconds);
    }

    [Fact]
    public void ResetSourcesIsRetried29TimesFiveMillisecondsApartThenBacksOff10Seconds()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Marker!.Marker = 2;
        h.Chrony.ResetFails = true;
        h.Run(iterations: 110); // 11 s

        List<long> t = h.Chrony.ResetTimes;
        Assert.True(t.Count > 30, $"only {t.Count} attempts");
        for (int i = 1; i < 30; i++)
        {
            Assert.Equal(5 * Millisecond, t[i] - t[i - 1]);
        }
        long pause = t[30] - t[29];
        Assert.InRange(pause, 10 * Second, 10 * Second + 100 * Millisecond);
        Assert.Empty(h.Chrony.BurstTimes);

        // Throughout, every iteration published (Disrupted). An iteration writes after its reset
        // slice, which may use the rest of its poll interval: writes are at most two intervals apart.
        AssertWrittenEveryIteration(h, maxGap: 200 * Millisecond);
        Assert.All(h.Sink.Writes.Skip(1), w => Assert.Equal(ClockStatus.Disrupted, w.Status));

        // chronyd answers again: the next round succeeds, and the status leaves Disrupted.
        h.Chrony.ResetFails = false;
        h.Run(iterations: 110);
        Assert.NotEmpty(h.Chrony.BurstTimes);
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
    }

    [Fact]
    public void BurstIsRetried29TimesAHundredMillisecondsApartThenTheWholeResetStartsAgainAfter10Seconds()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Marker!.Marker = 2;
        h.Chrony.BurstFails = true;
        h.Run(iterations: 150);

        List<long> b = h.Chrony.BurstTimes;
        Assert.True(b.Count > 30, $"only {b.Count} bursts");
        for (int i = 1; i < 30; i++)
        {
            Assert.Equal(100 * Millisecond, b[i] - b[i - 1]);
        }
        Assert.All(h.Chrony.BurstArguments, a => Assert.Equal((4, 8), a));
        // After the 30th failed burst: 10 s, then RESET_SOURCES again before the next burst.
        Assert.Equal(2, h.Chrony.ResetTimes.Count);
        Assert.InRange(h.Chrony.ResetTimes[1] - b[29], 10 * Second, 10 * Second + 100 * Millisecond);
        Assert.True(b[30] >= h.Chrony.ResetTimes[1]);
        AssertWrittenEveryIteration(h, maxGap: 200 * Millisecond);
        Assert.Equal(ClockStatus.Disrupted, h.Sink.Last.Status);
    }

    [Fact]
    public void SlowUnreachableChronydStillGetsTheSegmentWrittenEveryIteration()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Marker!.Marker = 2;
        h.Chrony.TrackingFails = true;
        h.Chrony.ResetFails = true;
        h.Chrony.CallDurationNanoseconds = 1 * Second; // every call waits out the 1 s timeout
        int writesBefore = h.Sink.Writes.Count;
        h.Run(iterations: 20);

        // One write per iteration, plus the immediate Disrupted one; each iteration makes at most
        // one due reset attempt (1 s) after its tracking query (1 s).
        Assert.Equal(20 + 1, h.Sink.Writes.Count - writesBefore);
        AssertWrittenEveryIteration(h, maxGap: 2 * Second);
        Assert.All(h.Sink.Writes.Skip(writesBefore), w => Assert.Equal(ClockStatus.Disrupted, w.Status));
    }

    [Fact]
    public void NewMarkerDuringAResetRestartsIt()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Marker!.Marker = 2;
        h.Chrony.ResetFails = true;
        h.Run(iterations: 1);
        int attempts = h.Chrony.ResetTimes.Count;
        h.Events.Clear();

        h.Marker.Marker = 3;
        h.Chrony.ResetFails = false;
        h.Step();
        List<string> events = h.Events.Snapshot();
        Assert.Equal("write:Disrupted", events[0]);
        Assert.Equal(attempts + 1, h.Chrony.ResetTimes.Count);
        Assert.Equal(3UL, h.Sink.Last.DisruptionMarker);
        Assert.Equal(ClockStatus.Unknown, h.Sink.Last.Status);
    }

    [Fact]
    public void VMClockReadFailureMakesTheDisruptionStateUnknownUntilItRecovers()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Marker!.Fails = true;
        h.Step();
        Assert.Equal(ClockStatus.Unknown, h.Sink.Last.Status);
        h.Step();
        Assert.Single(h.Logger.Lines, l => l.Message.Contains("Cannot read the disruption marker", StringComparison.Ordinal));

        h.Marker.Fails = false;
        h.Step();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
        Assert.Empty(h.Chrony.ResetTimes);
    }

    [Fact]
    public void Sigusr1PublishesDisruptedAtOnceAndHoldsItUntilSigusr2()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Events.Clear();

        h.Loop.OnForcedDisruptionStart();
        Assert.Equal(["write:Disrupted"], h.Events.Snapshot());

        for (int i = 0; i < 5; i++)
        {
            h.Step();
            Assert.Equal(ClockStatus.Disrupted, h.Sink.Last.Status);
        }
        Assert.Single(h.Chrony.ResetTimes); // reset at the start of the hold, once
        Assert.Single(h.Chrony.BurstTimes);

        h.Loop.OnForcedDisruptionEnd();
        h.Step();
        Assert.Equal(2, h.Chrony.ResetTimes.Count); // and again when it ends
        Assert.Equal(ClockStatus.Unknown, h.Sink.Last.Status);
        h.Step();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
    }

    [Fact]
    public void Sigusr2WithoutAForcedDisruptionIsLoggedAndIgnored()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        h.Loop.OnForcedDisruptionEnd();
        h.Step();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
        Assert.Empty(h.Chrony.ResetTimes);
        Assert.True(h.Logger.Contains(LogLevel.Information, "no forced disruption"));
    }

    [Fact]
    public void SignalsWithoutDisruptionSupportAreLoggedAndIgnored()
    {
        var h = new LoopHarness(disruptionSupport: false);
        h.Loop.RunOnce();
        int writes = h.Sink.Writes.Count;
        h.Loop.OnForcedDisruptionStart();
        h.Loop.OnForcedDisruptionEnd();
        Assert.Equal(writes, h.Sink.Writes.Count);
        h.Step();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
        Assert.Empty(h.Chrony.ResetTimes);
        Assert.True(h.Logger.Contains(LogLevel.Warning, "SIGUSR1 ignored"));
        Assert.True(h.Logger.Contains(LogLevel.Warning, "SIGUSR2 ignored"));
    }

    [Fact]
    public void SignalFromAnotherThreadWhileChronydIsSlowIsPublishedAtOnce()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        using var inQuery = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        h.Chrony.Tracking = c =>
        {
            inQuery.Set();
            Assert.True(release.Wait(TimeSpan.FromSeconds(10)));
            return Reports.Synchronized(c.Realtime);
        };
        var loopThread = new Thread(() => h.Loop.RunOnce());
        loopThread.Start();
        Assert.True(inQuery.Wait(TimeSpan.FromSeconds(10)));

        // The loop is stuck in its chronyd query; the signal path must not wait for it.
        h.Loop.OnForcedDisruptionStart();
        Assert.Equal(ClockStatus.Disrupted, h.Sink.Last.Status);

        release.Set();
        loopThread.Join();
        Assert.Equal(ClockStatus.Disrupted, h.Sink.Last.Status);
    }

    [Fact]
    public void StatusTransitionsAreLoggedOnceNotEveryIteration()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        for (int i = 0; i < 20; i++)
        {
            h.Step();
        }
        Assert.Single(h.Logger.Lines, l => l.Message.StartsWith("Clock status", StringComparison.Ordinal));

        h.Chrony.TrackingFails = true;
        for (int i = 0; i < 20; i++)
        {
            h.Step();
        }
        Assert.Single(h.Logger.Lines, l => l.Message.StartsWith("Sample failed", StringComparison.Ordinal));
        Assert.Single(h.Logger.Lines, l => l.Message.StartsWith("Clock status Synchronized -> FreeRunning", StringComparison.Ordinal));
    }

    [Fact]
    public void RunSleepsWhatIsLeftOfThePollInterval()
    {
        var h = new LoopHarness(pollIntervalMs: 100);
        h.Chrony.CallDurationNanoseconds = 30 * Millisecond;
        h.Run(iterations: 5);
        Assert.Equal(5, h.Clock.Sleeps.Count);
        Assert.All(h.Clock.Sleeps, s => Assert.Equal(TimeSpan.FromMilliseconds(70), s));
    }

    [Fact]
    public void Version1SegmentGetsUnknownForDisrupted()
    {
        string dir = Directory.CreateTempSubdirectory("cb-loop-").FullName;
        try
        {
            string v2Path = Path.Combine(dir, "shm0");
            string v1Path = Path.Combine(dir, "shm");
            using (var sink = new SegmentWriterSink(SegmentWriter.Open(v2Path, 2), SegmentWriter.Open(v1Path, 1)))
            using (SegmentReader v2 = SegmentReader.Open(v2Path))
            using (SegmentReader v1 = SegmentReader.Open(v1Path))
            {
                var h = new LoopHarness(sink: sink);
                h.Loop.RunOnce();
                Assert.Equal(ClockStatus.Synchronized, v2.ReadFresh().Status);
                Assert.Equal(ClockStatus.Synchronized, v1.ReadFresh().Status);

                h.Chrony.ResetFails = true;
                h.Marker!.Marker = 77;
                h.Step();
                ClockErrorBound fromV2 = v2.ReadFresh();
                ClockErrorBound fromV1 = v1.ReadFresh();
                Assert.Equal(ClockStatus.Disrupted, fromV2.Status);
                Assert.Equal(77UL, fromV2.DisruptionMarker);
                Assert.True(fromV2.DisruptionSupportEnabled);
                Assert.Equal(ClockStatus.Unknown, fromV1.Status);
                Assert.Equal(fromV2.BoundNanoseconds, fromV1.BoundNanoseconds);
                Assert.Equal(fromV2.AsOfNanoseconds, fromV1.AsOfNanoseconds);
                Assert.Equal(fromV2.VoidAfterNanoseconds, fromV1.VoidAfterNanoseconds);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertWrittenEveryIteration(LoopHarness h, long maxGap)
    {
        List<long> times = h.Sink.WriteTimes;
        for (int i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] <= maxGap, $"no write for {(times[i] - times[i - 1]) / Millisecond} ms after write {i - 1}");
        }
    }

    private sealed class FakePhc : IPhcErrorBoundSource
    {
        public const long Bound = 2_500;

        public bool Fails { get; set; }

        public long ReadErrorBoundNanoseconds() =>
            Fails ? throw new PhcErrorBoundException("cannot read '/sys/bus/pci/devices/x/phc_error_bound': gone") : Bound;
    }
}
