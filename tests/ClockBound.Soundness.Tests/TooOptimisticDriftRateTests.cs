using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// The control that shows the check can fail: a daemon told the oscillator drifts at most 1 ppm
/// (<c>-m 1</c>) while true time runs 25 ppm faster than the system clock. Once the server is lost
/// the frozen bound grows by 1 µs a second and the error by 25, so FreeRunning readings must start
/// missing true time, and the sampler must see it. (Synchronized readings stay sound: chronyd's
/// own bound, refreshed every poll, covers the error.)
/// </summary>
[Trait("Category", "Scenario")]
public sealed class TooOptimisticDriftRateTests(ITestOutputHelper output)
{
    [Fact]
    public void A_drift_rate_below_the_real_one_makes_free_running_readings_miss_and_the_check_sees_it()
    {
        using SoundnessRig rig = SoundnessRig.Start(KnownClock.StartingNow(offsetNanoseconds: 37_000_000, ratePpm: 25), output, maxDriftPpm: 1);
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd synchronised to the reference");

        rig.Server.IsAnswering = false;
        rig.Note("server stops answering");
        rig.WaitForStatus(ClockStatus.FreeRunning, "chronyd's reference time older than 8 update intervals");
        ReadingTally v2 = rig.V2;
        Eventually.Satisfies(() => v2.MissesWith(ClockStatus.FreeRunning), n => n > 0, ScenarioTiming.Patience, "a FreeRunning reading that misses true time");
        rig.Note("first FreeRunning miss seen");
        rig.Report("control: -m 1 against a 25 ppm error, server lost");

        Assert.All(rig.Sampler.Tallies, tally => Assert.Equal(0, tally.MissesWith(ClockStatus.Synchronized)));
    }
}
