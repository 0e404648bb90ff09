using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace ClockBound.Interop;

/// <summary>
/// A file open for reading with <c>pread</c>, never mapped: a file that shrinks under it gives
/// short reads, never SIGBUS. Thread-safe; the handle is reference-counted (SafeHandle), so a
/// read racing with <see cref="Dispose"/> fails with <see cref="ObjectDisposedException"/>
/// instead of reading a descriptor number that was reused.
/// </summary>
internal sealed unsafe class ReadOnlyFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private ReadOnlyFile(SafeFileHandle handle, string path, FileIdentity identity, bool isRegularFile)
    {
        _handle = handle;
        Path = path;
        Identity = identity;
        IsRegularFile = isRegularFile;
    }

    /// <summary>Whether it is a regular file (not a directory, FIFO, device or socket).</summary>
    public bool IsRegularFile { get; }

    /// <summary>The path it was opened from.</summary>
    public string Path { get; }

    /// <summary>The identity of the file opened (the path may since name another).</summary>
    public FileIdentity Identity { get; }

    /// <summary>
    /// Opens <paramref name="path"/> with O_RDONLY | O_NONBLOCK | O_CLOEXEC (non-blocking: a FIFO
    /// opens at once instead of waiting for a writer, then fails to read). No lock is taken.
    /// </summary>
    /// <exception cref="SystemCallException">open or statx failed.</exception>
    public static ReadOnlyFile Open(string path) =>
        TryOpen(path, out ReadOnlyFile? file, out int errno) ? file : throw new SystemCallException("open", errno, path);

    /// <summary>
    /// Like <see cref="Open"/>, but a failed open gives false and its errno instead of an exception
    /// (a reader polling a missing file allocates nothing).
    /// </summary>
    /// <exception cref="SystemCallException">statx failed on the open file.</exception>
    public static bool TryOpen(string path, [NotNullWhen(true)] out ReadOnlyFile? file, out int errno)
    {
        ArgumentNullException.ThrowIfNull(path);
        int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            file = null;
            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return false;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        Libc.StatxNative st;
        if (Libc.statx(fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_INO, &st) != 0)
        {
            var error = SystemCallException.FromLastError("statx", path);
            handle.Dispose();
            throw error;
        }
        file = new ReadOnlyFile(handle, path, IdentityOf(st), (st.stx_mode & Libc.S_IFMT) == Libc.S_IFREG);
        errno = 0;
        return true;
    }

    /// <summary>The identity of the file <paramref name="path"/> names now (following links); false if it names none.</summary>
    public static bool TryGetIdentity(string path, out FileIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(path);
        Libc.StatxNative st;
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_INO, &st) != 0)
        {
            identity = default;
            return false;
        }
        identity = IdentityOf(st);
        return true;
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; returns the bytes read (fewer at the end of the file).</summary>
    /// <exception cref="SystemCallException">pread failed (e.g. EISDIR for a directory, ESPIPE for a FIFO).</exception>
    /// <exception cref="ObjectDisposedException">The file was closed.</exception>
    public int Read(Span<byte> buffer, long offset)
    {
        fixed (byte* p = buffer)
        {
            nint n = Libc.pread(_handle, p, (nuint)buffer.Length, offset);
            if (n < 0)
            {
                throw SystemCallException.FromLastError("pread", Path);
            }
            return (int)n;
        }
    }

    /// <summary>Closes the file (once no read holds the handle).</summary>
    public void Dispose() => _handle.Dispose();

    private static FileIdentity IdentityOf(in Libc.StatxNative st) => new(st.stx_dev_major, st.stx_dev_minor, st.stx_ino);
}
