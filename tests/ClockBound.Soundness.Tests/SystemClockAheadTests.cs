using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>True time is 20 ms behind the system clock: every reliable reading must cover the 20 ms.</summary>
[Trait("Category", "Scenario")]
public sealed class SystemClockAheadTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryReliableReadingContainsTrueTime20MsBehindTheSystemClock()
    {
        using SoundnessRig rig = SoundnessRig.Start(KnownClock.StartingNow(offsetNanoseconds: -20_000_000), output);
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd synchronised to the reference");
        rig.Measure(ScenarioTiming.Phase, "synchronised", ClockStatus.Synchronized, minimumReadings: 100);
        rig.Conclude("offset -20 ms", minimumSynchronized: 100);
    }
}
