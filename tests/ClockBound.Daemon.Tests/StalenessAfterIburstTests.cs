using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests;

/// <summary>
/// Right after <c>iburst</c> chronyd updates the clock several times a second, and its
/// last_update_interval can be under 0.125 s, where ⌊8 × interval⌋ = 0 s called every report
/// stale: the demo opened with FreeRunning. The stale limit is now at least 1 s for a positive interval.
/// </summary>
public sealed class StalenessAfterIburstTests
{
    // 0.09375 s (3 × 2^-5): chronyc prints "Update interval : 0.1 seconds".
    private static readonly ChronyFloat FastUpdate = Floats.Of(3, -5);

    [Fact]
    public void SubSecondUpdateIntervalGivesTheReportOneSecond()
    {
        Assert.Equal(Second, (long)ChronyStatusClassifier.StaleLimitNanoseconds(FastUpdate));
        Assert.Equal(ChronyClockStatus.Synchronized, Classify(ageNanoseconds: 300 * Millisecond));
        Assert.Equal(ChronyClockStatus.Synchronized, Classify(ageNanoseconds: Second));
        Assert.Equal(ChronyClockStatus.FreeRunning, Classify(ageNanoseconds: Second + 1));
    }

    [Fact]
    public void IburstStartStaysSynchronizedWithoutAFreeRunningBlip()
    {
        var h = new LoopHarness();
        // chronyd's reports as seen in the first second after iburst: update intervals 0.3 s, then 0.1 s.
        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, ageNanoseconds: 50 * Millisecond, lastUpdateInterval: Floats.Of(5, -4));
        h.Loop.RunOnce();
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);

        h.Chrony.Tracking = c => Reports.Synchronized(c.Realtime, ageNanoseconds: 150 * Millisecond, lastUpdateInterval: FastUpdate);
        for (int i = 0; i < 5; i++)
        {
            h.Step();
        }
        Assert.DoesNotContain(h.Sink.Writes, w => w.Status == ClockStatus.FreeRunning);
        Assert.Equal(ClockStatus.Synchronized, h.Sink.Last.Status);
    }

    [Fact]
    public void ZeroUpdateIntervalStillCountsAsStale()
    {
        // One clock update since chronyd started: no cadence yet, as before.
        Assert.Equal(0, (long)ChronyStatusClassifier.StaleLimitNanoseconds(Floats.Zero));
    }

    private static ChronyClockStatus Classify(long ageNanoseconds)
    {
        TrackingReport report = Reports.Synchronized(Reports.RealtimeStart, ageNanoseconds: ageNanoseconds, lastUpdateInterval: FastUpdate);
        Assert.True(ChronyStatusClassifier.TryClassify(report, Reports.RealtimeStart, out ChronyClockStatus status, out string? error), error);
        return status;
    }
}
