using System.Runtime.InteropServices;

namespace ClockBound.Interop;

/// <summary>
/// The project's only P/Invoke declarations: the few libc calls that the BCL does not expose
/// with errno intact (files, mappings, process existence) or at nanosecond precision (clocks).
/// </summary>
/// <remarks>
/// Every structure used here has the same layout on x86-64 and arm64 Linux (timespec, statx),
/// which is why <c>statx</c> is used instead of <c>fstat</c> (whose <c>struct stat</c> differs
/// between the two).
/// </remarks>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    internal const int CLOCK_REALTIME = 0;
    internal const int CLOCK_MONOTONIC = 1;
    internal const int CLOCK_MONOTONIC_COARSE = 6;

    internal const int O_RDONLY = 0x0;
    internal const int O_RDWR = 0x2;
    internal const int O_CREAT = 0x40;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x1;
    internal const int MAP_PRIVATE = 0x2;
    internal const int MAP_FIXED = 0x10;
    internal const int MAP_ANONYMOUS = 0x20;
    internal static readonly nint MAP_FAILED = -1;

    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_MODE = 0x2;
    internal const uint STATX_INO = 0x100;
    internal const uint STATX_SIZE = 0x200;
    internal const ushort S_IFMT = 0xF000;
    internal const ushort S_IFREG = 0x8000;
    internal const ushort S_IFDIR = 0x4000;
    internal const ushort S_IFCHR = 0x2000;
    internal const ushort S_IFSOCK = 0xC000;

    internal const int EPERM = 1;
    internal const int ESRCH = 3;
    internal const int ENODEV = 19;

    [StructLayout(LayoutKind.Sequential)]
    internal struct TimespecNative
    {
        public long tv_sec;
        public long tv_nsec;
    }

    /// <summary>struct statx (256 bytes, identical on every Linux architecture).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxNative
    {
        [FieldOffset(0)] public uint stx_mask;
        [FieldOffset(16)] public uint stx_nlink;
        [FieldOffset(20)] public uint stx_uid;
        [FieldOffset(24)] public uint stx_gid;
        [FieldOffset(28)] public ushort stx_mode;
        [FieldOffset(32)] public ulong stx_ino;
        [FieldOffset(40)] public ulong stx_size;
        [FieldOffset(136)] public uint stx_dev_major;
        [FieldOffset(140)] public uint stx_dev_minor;
    }

    // clock_gettime is served by the vDSO and never blocks: no GC transition needed.
    [LibraryImport(Library)]
    [SuppressGCTransition]
    internal static partial int clock_gettime(int clockId, TimespecNative* tp);

    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int open(string path, int flags, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Library, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int statx(int dirfd, string path, int flags, uint mask, StatxNative* buf);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int ftruncate(int fd, long length);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int fchmod(int fd, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int munmap(nint addr, nuint length);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int kill(int pid, int sig);

    // Files opened relative to a directory, never following a link (the segment writer's files).
    internal const int O_EXCL = 0x80;
    internal const int O_NOCTTY = 0x100;
    internal const int O_DIRECTORY = 0x10000;
    internal const int O_NOFOLLOW = 0x20000;
    internal const int O_PATH = 0x200000;
    internal const uint STATX_NLINK = 0x4;
    internal const uint STATX_UID = 0x8;
    internal const uint STATX_GID = 0x10;
    internal const ushort S_IFLNK = 0xA000;
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int ENOENT = 2;
    internal const int EEXIST = 17;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EWOULDBLOCK = 11;
    internal const int ELOOP = 40;

    [LibraryImport(Library, EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int openat(int dirfd, string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true)]
    internal static partial int statx(int dirfd, byte* path, int flags, uint mask, StatxNative* buf);

    [LibraryImport(Library, EntryPoint = "mkdirat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int mkdirat(int dirfd, string path, uint mode);

    [LibraryImport(Library, EntryPoint = "fchmodat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int fchmodat(int dirfd, string path, uint mode, int flags);

    [LibraryImport(Library, EntryPoint = "renameat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int renameat(int olddirfd, string oldpath, int newdirfd, string newpath);

    [LibraryImport(Library, EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int unlinkat(int dirfd, string path, int flags);

    [LibraryImport(Library, EntryPoint = "readlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial nint readlinkat(int dirfd, string path, byte* buf, nuint size);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int flock(int fd, int operation);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint pwrite(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Library)]
    internal static partial uint geteuid();

    [LibraryImport(Library)]
    internal static partial uint getegid();

    // The segment reader: pread under the seqlock, the file's identity, the coarse clock's tick.

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint pread(Microsoft.Win32.SafeHandles.SafeFileHandle fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int clock_getres(int clockId, TimespecNative* resolution);
}
