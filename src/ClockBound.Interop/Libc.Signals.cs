using System.Runtime.InteropServices;

namespace ClockBound.Interop;

// The calls behind ProcessSignals, SignalFile, ProcessImage and RegularFiles.
internal static unsafe partial class Libc
{
    internal const int SIG_BLOCK = 0;
    internal const int SIG_UNBLOCK = 1;
    internal const int SFD_CLOEXEC = 0x80000;
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;

    /// <summary>glibc's sigset_t: 1024 bits; signal n is bit n − 1 (the kernel reads the first 64).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    internal struct SigSet
    {
        public ulong Low;
    }

    /// <summary>Returns 0 or an error number (it does not set errno).</summary>
    [LibraryImport(Library)]
    internal static partial int pthread_sigmask(int how, SigSet* set, SigSet* oldSet);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int signalfd(int fd, SigSet* mask, int flags);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int execv(byte* path, byte** argv);
}
