using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// chronyd dies (SIGKILL; every second restart a SIGTERM) and starts again with no memory of the
/// offset or frequency it had learnt. True time is 37 ms ahead of the system clock and runs
/// 25 ppm slower, so the restarted chronyd starts from a wrong frequency.
/// </summary>
[Trait("Category", "Scenario")]
public sealed class ChronydRestartTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryReliableReadingContainsTrueTimeAcrossChronydRestarts()
    {
        using SoundnessRig rig = SoundnessRig.Start(KnownClock.StartingNow(offsetNanoseconds: 37_000_000, ratePpm: -25), output);
        rig.WaitForStatus(ClockStatus.Synchronized, "chronyd synchronised to the reference");
        rig.Measure(ScenarioTiming.Phase, "synchronised", ClockStatus.Synchronized, minimumReadings: 100);

        ChronydInstance chronyd = rig.Chronyd.Client;
        for (int restart = 1; restart <= ScenarioTiming.Restarts; restart++)
        {
            rig.Note(rig.DescribeTracking());
            bool kill = restart % 2 == 1;
            if (kill)
            {
                chronyd.Kill();
            }
            else
            {
                chronyd.Stop();
            }

            rig.Note($"restart {restart}: chronyd {(kill ? "killed (SIGKILL)" : "stopped (SIGTERM)")}");
            rig.WaitForStatus(ClockStatus.FreeRunning, "the daemon lost chronyd");
            chronyd.Start();
            rig.Note($"restart {restart}: chronyd started again");
            rig.WaitForStatus(ClockStatus.Synchronized, "the new chronyd synchronised");
            rig.Measure(ScenarioTiming.Phase, "synchronised after the restart", ClockStatus.Synchronized, minimumReadings: 100);
        }

        rig.Conclude($"chronyd restart x{ScenarioTiming.Restarts}", minimumSynchronized: 100 * (1 + ScenarioTiming.Restarts), minimumFreeRunning: 1);
    }
}
