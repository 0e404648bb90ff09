using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// True time runs 25 ppm faster than the system clock (within the daemon's <c>-m 50</c>): with
/// <c>-x</c> chronyd never corrects the system clock, so its error grows by 25 µs a second and
/// chronyd has to learn the frequency while the readings go on.
/// </summary>
[Trait("Category", "Scenario")]
public sealed class FrequencyErrorTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryReliableReadingContainsTrueTimeRunning25PpmFast()
    {
        using SoundnessRig rig = SoundnessRig.Start(KnownClock.StartingNow(offsetNanoseconds: 0, ratePpm: 25), output);
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd synchronised to the reference");
        rig.Measure(ScenarioTiming.Phase, "synchronised, chronyd learning the frequency", ClockStatus.Synchronized, minimumReadings: 100);
        rig.Conclude("frequency +25 ppm", minimumSynchronized: 100);
    }
}
