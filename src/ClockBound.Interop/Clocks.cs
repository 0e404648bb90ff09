using System.Runtime.CompilerServices;

namespace ClockBound.Interop;

/// <summary>The two clocks ClockBound is built on, read at nanosecond precision.</summary>
public static unsafe class Clocks
{
    /// <summary>CLOCK_REALTIME: the system clock whose error ClockBound bounds.</summary>
    public static Timespec Realtime() => Read(Libc.CLOCK_REALTIME);

    /// <summary>
    /// CLOCK_MONOTONIC_COARSE: the clock of <c>as_of</c> and <c>void_after</c>. Cheap, and lags the
    /// precise monotonic clock by at most a tick, which is why readers blur 1 µs around <c>as_of</c>.
    /// </summary>
    public static Timespec MonotonicCoarse() => Read(Libc.CLOCK_MONOTONIC_COARSE);

    /// <summary>CLOCK_MONOTONIC at full precision (for measuring intervals, never for the segment).</summary>
    public static Timespec Monotonic() => Read(Libc.CLOCK_MONOTONIC);

    /// <summary>CLOCK_REALTIME in nanoseconds since the Unix epoch (the hot path's form).</summary>
    // Always inlined: in a caller that inlines ClockBoundClient.Now the JIT's inlining budget
    // would otherwise run out and leave these two as calls.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RealtimeNanoseconds()
    {
        Libc.TimespecNative ts;
        _ = Libc.clock_gettime(Libc.CLOCK_REALTIME, &ts);
        return ts.tv_sec * 1_000_000_000L + ts.tv_nsec;
    }

    /// <summary>CLOCK_MONOTONIC_COARSE in nanoseconds (the hot path's form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MonotonicCoarseNanoseconds()
    {
        Libc.TimespecNative ts;
        _ = Libc.clock_gettime(Libc.CLOCK_MONOTONIC_COARSE, &ts);
        return ts.tv_sec * 1_000_000_000L + ts.tv_nsec;
    }

    private static Timespec Read(int clock)
    {
        Libc.TimespecNative ts;
        // clock_gettime cannot fail for these clock ids with a valid pointer on Linux >= 2.6.32.
        _ = Libc.clock_gettime(clock, &ts);
        return new Timespec(ts.tv_sec, ts.tv_nsec);
    }
}
