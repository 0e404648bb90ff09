using System.Runtime.InteropServices;

namespace ClockBound.Interop;

internal static unsafe partial class Libc
{
    internal const int TIMER_ABSTIME = 1;

    /// <summary>Returns 0 or an error number (not errno); EINTR when a signal (e.g. the runtime's GC suspension) interrupted it.</summary>
    [LibraryImport(Library)]
    internal static partial int clock_nanosleep(int clockId, int flags, TimespecNative* request, TimespecNative* remain);
}
