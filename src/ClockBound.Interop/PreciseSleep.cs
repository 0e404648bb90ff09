namespace ClockBound.Interop;

/// <summary>
/// Sleeps at the kernel's timer precision (the thread's timer slack, 50 µs by default), where
/// Thread.Sleep, Monitor.Wait and .NET's timers take whole milliseconds.
/// </summary>
internal static unsafe class PreciseSleep
{
    /// <summary>
    /// Blocks the calling thread until CLOCK_MONOTONIC has advanced by <paramref name="nanoseconds"/>
    /// (none if not positive). False, having slept not at all or only part of it, when
    /// clock_gettime or clock_nanosleep failed (a seccomp filter that forbids them): the caller
    /// sleeps another way.
    /// </summary>
    public static bool TrySleep(long nanoseconds)
    {
        if (nanoseconds <= 0)
        {
            return true;
        }
        Libc.TimespecNative target;
        if (Libc.clock_gettime(Libc.CLOCK_MONOTONIC, &target) != 0)
        {
            return false;
        }
        long until = target.tv_sec * 1_000_000_000L + target.tv_nsec + nanoseconds;
        target.tv_sec = until / 1_000_000_000L;
        target.tv_nsec = until % 1_000_000_000L;
        int error;
        // Absolute: a signal's interruption resumes toward the same end.
        while ((error = Libc.clock_nanosleep(Libc.CLOCK_MONOTONIC, Libc.TIMER_ABSTIME, &target, null)) == Libc.EINTR)
        {
        }
        return error == 0;
    }
}
