using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// The reference goes silent (requests dropped) until the daemon has published FreeRunning for a
/// whole phase, then answers again. True time is 20 ms behind the system clock and runs 25 ppm
/// faster, so the error keeps moving while nothing measures it: the frozen bound plus 50 ppm of
/// drift must cover it.
/// </summary>
[Trait("Category", "Scenario")]
public sealed class HoldoverTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryReliableReadingContainsTrueTimeWhileTheServerIsLostAndAfterItReturns()
    {
        using SoundnessRig rig = SoundnessRig.Start(KnownClock.StartingNow(offsetNanoseconds: -20_000_000, ratePpm: 25), output);
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd synchronised to the reference");
        rig.Measure(ScenarioTiming.Phase, "synchronised", ClockStatus.Synchronized, minimumReadings: 100);
        rig.Note(rig.DescribeTracking());

        rig.Server.IsAnswering = false;
        rig.Note("server stops answering");
        rig.WaitForStatus(ClockStatus.FreeRunning, "chronyd's reference time older than 8 update intervals");
        rig.Measure(ScenarioTiming.Phase, "holdover", ClockStatus.FreeRunning, minimumReadings: 100);
        rig.Note(rig.DescribeTracking());

        rig.Server.IsAnswering = true;
        rig.Note("server answers again");
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd hears the reference again");
        rig.Measure(ScenarioTiming.Phase / 2, "synchronised again", ClockStatus.Synchronized, minimumReadings: 50);
        rig.Conclude("holdover", minimumSynchronized: 150, minimumFreeRunning: 100);
    }
}
