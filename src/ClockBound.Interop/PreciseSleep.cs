namespace ClockBound.Interop;

/// <summary>
/// Sleeps at the kernel's timer precision (the thread's timer slack, 50 µs by default), where
/// Thread.Sleep, Monitor.Wait and .NET's timers take whole milliseconds.
/// </summary>
internal static unsafe class PreciseSleep
{
    /// <summary>Blocks the calling thread until CLOCK_MONOTONIC has advanced by <paramref name="nanoseconds"/> (none if not positive).</summary>
    /// <exception cref="SystemCallException">clock_gettime or clock_nanosleep failed.</exception>
    public static void Nanoseconds(long nanoseconds)
    {
        if (nanoseconds <= 0)
        {
            return;
        }
        long until = Clocks.MonotonicNanoseconds() + nanoseconds;
        Libc.TimespecNative target;
        target.tv_sec = until / 1_000_000_000L;
        target.tv_nsec = until % 1_000_000_000L;
        int error;
        // Absolute: a signal's interruption resumes toward the same end.
        while ((error = Libc.clock_nanosleep(Libc.CLOCK_MONOTONIC, Libc.TIMER_ABSTIME, &target, null)) == Libc.EINTR)
        {
        }
        if (error != 0)
        {
            throw new SystemCallException("clock_nanosleep", error);
        }
    }
}
