using System.Runtime.InteropServices;

namespace ClockBound.TestSupport;

/// <summary>
/// CLOCK_REALTIME in whole nanoseconds, straight from <c>clock_gettime</c> (DateTime.UtcNow
/// truncates to 100 ns, too coarse to bracket a reading).
/// </summary>
public static partial class RealtimeClock
{
    private const int ClockRealtime = 0;

    /// <summary>CLOCK_REALTIME now, in Unix nanoseconds.</summary>
    /// <exception cref="InvalidOperationException">clock_gettime failed.</exception>
    public static long Nanoseconds()
    {
        if (ClockGetTime(ClockRealtime, out Timespec now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_REALTIME) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
