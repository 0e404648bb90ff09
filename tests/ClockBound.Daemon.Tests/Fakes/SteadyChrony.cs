using ClockBound.Chrony;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>A chronyd that always answers with a fresh synchronised report, allocating nothing.</summary>
internal sealed class SteadyChrony(FakeClock clock) : IChronyControl
{
    // Built once: Reports' helpers allocate (their range checks box).
    private readonly TrackingReport _template = Reports.Synchronized();

    public TrackingReport GetTracking()
    {
        long refTime = clock.Realtime - Second;
        return _template with { RefTimeSeconds = refTime / Second, RefTimeNanoseconds = (uint)(refTime % Second) };
    }

    public void ResetSources()
    {
    }

    public void Burst(int goodSamples, int totalSamples)
    {
    }

    public void Dispose()
    {
    }
}
