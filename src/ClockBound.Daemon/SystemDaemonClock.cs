using ClockBound.Interop;

namespace ClockBound.Daemon;

/// <summary>The real clocks; sleeping waits on the cancellation token, so shutdown never waits out a sleep.</summary>
internal sealed class SystemDaemonClock : IDaemonClock
{
    /// <summary>The one instance.</summary>
    public static readonly SystemDaemonClock Instance = new();

    private SystemDaemonClock()
    {
    }

    /// <inheritdoc />
    public long MonotonicCoarseNanoseconds() => Clocks.MonotonicCoarseNanoseconds();

    /// <inheritdoc />
    public long RealtimeNanoseconds() => Clocks.RealtimeNanoseconds();

    /// <inheritdoc />
    public void Sleep(TimeSpan duration, CancellationToken cancellationToken)
    {
        // Round up to whole milliseconds: a zero wait would spin until the coarse clock ticks.
        double milliseconds = Math.Ceiling(duration.TotalMilliseconds);
        if (milliseconds > 0)
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(milliseconds));
        }
    }
}
