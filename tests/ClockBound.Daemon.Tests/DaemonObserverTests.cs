using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests;

/// <summary>The loop's hooks: samples, failures by kind, disruptions, writes, resets and bursts, and the condition file written only on change.</summary>
public sealed class DaemonObserverTests
{
    [Fact]
    public void CountsWhatTheLoopDoesAndKeepsWhatItWrote()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-observer-");
        var clock = new FakeClock();
        var metrics = new DaemonMetrics();
        var logger = new CapturingLogger();
        var file = new DaemonConditionFile(directory.Combine("shm0"), 1, clock.Realtime, logger);
        var observer = new DaemonObserver(metrics, file, clock, logger);
        var recording = new RecordingSink(new EventLog(), clock);
        var h = new LoopHarness(sink: new MeasuringSegmentSink(recording, metrics), observer: observer);
        // The harness has its own clock: the observer's only stamps the condition's time.
        var chrony = new MeasuringChronyControl(h.Chrony, metrics);

        h.Loop.RunOnce();
        h.Step();
        Assert.Equal(2, metrics.Samples);
        Assert.Equal(2, metrics.SegmentWrites);
        Assert.True(metrics.TryGetPublished(out ClockErrorBound published));
        Assert.Equal(recording.Last, published);
        Assert.False(observer.Condition!.Failing);
        string okFile = File.ReadAllText(file.Path);
        Assert.Contains("condition=ok\n", okFile, StringComparison.Ordinal);

        h.Chrony.TrackingFails = true;
        h.Step();
        h.Step();
        h.Step();
        Assert.Equal(3, metrics.Failures(SampleFailure.QueryFailed));
        Assert.Equal(0, metrics.Failures(SampleFailure.ReportRejected));
        Assert.Equal(SampleFailure.QueryFailed, observer.Condition.Failure);
        Assert.Contains("reason=query_failed\n", File.ReadAllText(file.Path), StringComparison.Ordinal);
        // Written once per change, not per loop.
        Assert.Single(logger.Lines, l => l.Message.StartsWith("Daemon condition: failing (query_failed)", StringComparison.Ordinal));

        h.Chrony.TrackingFails = false;
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, ageNanoseconds: -10 * Second);
        h.Step();
        Assert.Equal(1, metrics.Failures(SampleFailure.ReportRejected));
        Assert.Equal(SampleFailure.ReportRejected, observer.Condition.Failure);

        h.Marker!.Marker++;
        h.Step();
        Assert.Equal(1, metrics.Disruptions);

        chrony.ResetSources();
        chrony.Burst(4, 8);
        _ = chrony.GetTracking();
        Assert.Equal(1, metrics.Resets);
        Assert.Equal(1, metrics.Bursts);
        Assert.True(metrics.TryGetReport(out TrackingReport report));
        Assert.Equal(h.Chrony.Tracking(h.Clock).RootDispersion, report.RootDispersion);
    }

    [Fact]
    public void AFailedWriteIsCountedAndRethrown()
    {
        var metrics = new DaemonMetrics();
        var sink = new MeasuringSegmentSink(new FailingSink(), metrics);
        Assert.Throws<IOException>(() => sink.Write(default));
        Assert.Equal(1, metrics.SegmentWriteFailures);
        Assert.Equal(0, metrics.SegmentWrites);
        Assert.False(metrics.TryGetPublished(out _));
    }

    [Fact]
    public void ObservedSteadyStateIterationsAllocateNothing()
    {
        var clock = new FakeClock();
        var metrics = new DaemonMetrics();
        var observer = new DaemonObserver(metrics, file: null, clock, new CapturingLogger());
        DaemonLoop loop = SteadyLoop.Create(
            clock, new MeasuringChronyControl(new SteadyChrony(clock), metrics), new MeasuringSegmentSink(new NullSink(), metrics), observer);

        Assert.Equal(0, SteadyLoop.AllocatedBytes(loop, clock));
        Assert.Equal(101_000, metrics.SegmentWrites);
        Assert.Equal(101_000, metrics.Samples);
        Assert.True(metrics.TryGetReport(out _));
    }

    private sealed class FailingSink : ISegmentSink
    {
        public void Write(in ClockErrorBound value) => throw new IOException("disk on fire");
    }

    private sealed class NullSink : ISegmentSink
    {
        public void Write(in ClockErrorBound value)
        {
        }
    }
}
