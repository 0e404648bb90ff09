using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// The control that shows the check can fail: a daemon left at its default drift rate of 1 ppm
/// (<c>-m 1</c>) while true time runs 100 ppm faster than the system clock. Once the server is
/// lost the frozen bound grows by 1 µs a second and the error by 100, so FreeRunning readings
/// must start missing true time within seconds, and the sampler must see it.
/// </summary>
[Trait("Category", "Scenario")]
public sealed class TooOptimisticDriftRateTests(ITestOutputHelper output)
{
    [Fact]
    public void ADriftRateBelowTheRealOneMakesFreeRunningReadingsMissAndTheCheckSeesIt()
    {
        using SoundnessRig rig = SoundnessRig.Start(KnownClock.StartingNow(offsetNanoseconds: 37_000_000, ratePpm: 100), output, maxDriftPpm: 1);
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd synchronised to the reference");
        // Long enough for chronyd to learn the frequency: its skew, part of the bound, falls to a few ppm.
        rig.Measure(ScenarioTiming.Phase, "synchronised", ClockStatus.Synchronized, minimumReadings: 100);

        rig.Server.IsAnswering = false;
        rig.Note("server stops answering");
        rig.WaitForStatus(ClockStatus.FreeRunning, "chronyd's reference time older than 8 update intervals");
        ReadingTally v2 = rig.V2;
        Eventually.Satisfies(() => v2.MissesWith(ClockStatus.FreeRunning), n => n > 0, ScenarioTiming.Patience, "a FreeRunning reading that misses true time");
        rig.Note("first FreeRunning miss seen");
        rig.Report("control: -m 1 against a 100 ppm error, server lost");
    }
}
