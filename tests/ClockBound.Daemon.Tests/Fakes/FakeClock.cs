namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>A clock that only moves when told to, or when the code under test sleeps.</summary>
internal sealed class FakeClock : IDaemonClock
{
    public long Monotonic { get; set; } = 1_000_000_000_000; // 1000 s of uptime
    public long Realtime { get; set; } = Reports.RealtimeStart;
    public List<TimeSpan> Sleeps { get; } = [];

    /// <summary>Runs before each sleep returns (e.g. to cancel a loop after N iterations).</summary>
    public Action? OnSleep { get; set; }

    public void Advance(long nanoseconds)
    {
        Monotonic += nanoseconds;
        Realtime += nanoseconds;
    }

    public long MonotonicCoarseNanoseconds() => Monotonic;

    public long RealtimeNanoseconds() => Realtime;

    public void Sleep(TimeSpan duration, CancellationToken cancellationToken)
    {
        Assert.True(duration > TimeSpan.Zero, "the code under test asked for a zero or negative sleep");
        Sleeps.Add(duration);
        Advance((long)duration.TotalNanoseconds);
        OnSleep?.Invoke();
    }
}
