using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>True time is 37 ms ahead of the system clock: every reliable reading must cover the 37 ms.</summary>
[Trait("Category", "Scenario")]
public sealed class SystemClockBehindTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryReliableReadingContainsTrueTime37MsAheadOfTheSystemClock()
    {
        using SoundnessRig rig = SoundnessRig.Start(KnownClock.StartingNow(offsetNanoseconds: 37_000_000), output);
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd synchronised to the reference");
        rig.Measure(ScenarioTiming.Phase, "synchronised", ClockStatus.Synchronized, minimumReadings: 100);
        rig.Conclude("offset +37 ms", minimumSynchronized: 100);
    }
}
