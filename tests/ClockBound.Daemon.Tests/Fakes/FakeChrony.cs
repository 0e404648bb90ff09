using ClockBound.Chrony;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>
/// A scripted chronyd. Tracking answers <see cref="Tracking"/> (a function of the clock), or throws
/// while <see cref="TrackingFails"/>; RESET_SOURCES and BURST fail while their flags say so. Every
/// call is recorded in the shared <see cref="EventLog"/> with the monotonic time it was made at.
/// </summary>
internal sealed class FakeChrony(FakeClock clock, EventLog log) : IChronyControl, IDisposable
{
    public Func<FakeClock, TrackingReport> Tracking { get; set; } = c => Reports.Synchronized(c.Realtime);
    public bool TrackingFails { get; set; }

    /// <summary>The kind of the exception a failing tracking call throws.</summary>
    public ChronyFailureKind TrackingFailureKind { get; set; } = ChronyFailureKind.Timeout;
    public bool ResetFails { get; set; }
    public bool BurstFails { get; set; }

    /// <summary>Monotonic time each call takes (e.g. a 1 s timeout).</summary>
    public long CallDurationNanoseconds { get; set; }

    public List<long> ResetTimes { get; } = [];
    public List<long> BurstTimes { get; } = [];
    public List<(int Good, int Total)> BurstArguments { get; } = [];
    public int TrackingCalls { get; private set; }
    public bool Disposed { get; private set; }

    /// <summary>Runs after every tracking call (e.g. to cancel the loop).</summary>
    public Action? AfterTracking { get; set; }

    public TrackingReport GetTracking()
    {
        TrackingCalls++;
        log.Add("chrony:tracking");
        clock.Advance(CallDurationNanoseconds);
        try
        {
            if (TrackingFails)
            {
                throw new ChronyException(TrackingFailureKind, "no reply from chronyd within 1 s");
            }
            return Tracking(clock);
        }
        finally
        {
            AfterTracking?.Invoke();
        }
    }

    public void ResetSources()
    {
        ResetTimes.Add(clock.Monotonic);
        log.Add("chrony:reset");
        clock.Advance(CallDurationNanoseconds);
        if (ResetFails)
        {
            throw new ChronyException("RESET_SOURCES: no reply");
        }
    }

    public void Burst(int goodSamples, int totalSamples)
    {
        BurstTimes.Add(clock.Monotonic);
        BurstArguments.Add((goodSamples, totalSamples));
        log.Add("chrony:burst");
        clock.Advance(CallDurationNanoseconds);
        if (BurstFails)
        {
            throw new ChronyException("BURST: chronyd replied with status 1", 1);
        }
    }

    public void Dispose() => Disposed = true;
}
