namespace ClockBound.Daemon;

/// <summary>The clocks and the sleeping the daemon's loop depends on; a fake drives it in unit tests.</summary>
internal interface IDaemonClock
{
    /// <summary>CLOCK_MONOTONIC_COARSE in nanoseconds: the clock of <c>as_of</c>, <c>void_after</c> and of every timeout here.</summary>
    long MonotonicCoarseNanoseconds();

    /// <summary>CLOCK_REALTIME in nanoseconds since the Unix epoch (compared with chronyd's ref_time).</summary>
    long RealtimeNanoseconds();

    /// <summary>Sleeps for <paramref name="duration"/>, or less if <paramref name="cancellationToken"/> is cancelled.</summary>
    void Sleep(TimeSpan duration, CancellationToken cancellationToken);
}
