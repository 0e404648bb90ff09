using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ClockBound.Interop;

/// <summary>The clocks ClockBound is built on, read at nanosecond precision.</summary>
internal static unsafe class Clocks
{
    /// <summary>CLOCK_REALTIME in nanoseconds since the Unix epoch: the system clock whose error ClockBound bounds.</summary>
    /// <exception cref="SystemCallException">clock_gettime failed (a seccomp filter or an unusual sandbox).</exception>
    // Always inlined: in a caller that inlines ClockBoundClient.Now the JIT's inlining budget
    // would otherwise run out and leave these as calls.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RealtimeNanoseconds() => Read(Libc.CLOCK_REALTIME);

    /// <summary>CLOCK_MONOTONIC_COARSE in nanoseconds: the clock of <c>as_of</c> and <c>void_after</c>.</summary>
    /// <exception cref="SystemCallException">clock_gettime failed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MonotonicCoarseNanoseconds() => Read(Libc.CLOCK_MONOTONIC_COARSE);

    /// <summary>CLOCK_MONOTONIC at full precision, for measuring short intervals (never for the segment).</summary>
    /// <exception cref="SystemCallException">clock_gettime failed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MonotonicNanoseconds() => Read(Libc.CLOCK_MONOTONIC);

    /// <summary>
    /// Reads CLOCK_REALTIME, then CLOCK_MONOTONIC_COARSE (the client's hot path); false if either
    /// clock_gettime failed, when the values mean nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadRealtimeAndMonotonicCoarse(out long realtimeNanoseconds, out long monotonicCoarseNanoseconds)
    {
        Libc.TimespecNative real, mono;
        int failed = Libc.clock_gettime(Libc.CLOCK_REALTIME, &real) | Libc.clock_gettime(Libc.CLOCK_MONOTONIC_COARSE, &mono);
        realtimeNanoseconds = real.tv_sec * 1_000_000_000L + real.tv_nsec;
        monotonicCoarseNanoseconds = mono.tv_sec * 1_000_000_000L + mono.tv_nsec;
        return failed == 0;
    }

    /// <summary>
    /// The resolution of CLOCK_MONOTONIC_COARSE in nanoseconds (one kernel tick, e.g. 4 ms at
    /// HZ=250): by how much a coarse reading may lag the true monotonic time.
    /// </summary>
    /// <exception cref="SystemCallException">clock_getres failed.</exception>
    public static long MonotonicCoarseResolutionNanoseconds()
    {
        Libc.TimespecNative ts;
        if (Libc.clock_getres(Libc.CLOCK_MONOTONIC_COARSE, &ts) != 0)
        {
            throw SystemCallException.FromLastError("clock_getres");
        }
        return ts.tv_sec * 1_000_000_000L + ts.tv_nsec;
    }

    /// <summary>The exception for a failed clock_gettime: its errno is not captured (the hot path keeps no error state).</summary>
    public static SystemCallException ClockGetTimeFailure() => new("clock_gettime", Marshal.GetLastSystemError());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Read(int clock)
    {
        Libc.TimespecNative ts;
        if (Libc.clock_gettime(clock, &ts) != 0)
        {
            ThrowClockGetTimeFailure();
        }
        return ts.tv_sec * 1_000_000_000L + ts.tv_nsec;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowClockGetTimeFailure() => throw ClockGetTimeFailure();
}
