namespace ClockBound.Interop;

/// <summary>An open regular file descriptor (from <see cref="DirectoryHandle"/>): status, mode, size, lock, contents.</summary>
internal sealed unsafe class FileHandle : IDisposable
{
    private int _fd;

    internal FileHandle(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    /// <summary>The path the file was opened by (for messages).</summary>
    public string Path { get; }

    internal int Descriptor
    {
        get
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            return _fd;
        }
    }

    /// <summary>The open file's status (of the file itself, whatever its name names now).</summary>
    /// <exception cref="SystemCallException">statx failed.</exception>
    public FileStatus Status() => StatusOf(Descriptor, Path);

    /// <summary>Sets the permission bits exactly (no umask).</summary>
    /// <exception cref="SystemCallException">fchmod failed.</exception>
    public void SetPermissions(uint mode)
    {
        if (Libc.fchmod(Descriptor, mode) != 0)
        {
            throw SystemCallException.FromLastError("fchmod", Path);
        }
    }

    /// <summary>Grows the file with zeros to <paramref name="length"/> bytes if it is shorter; never shrinks it.</summary>
    /// <exception cref="SystemCallException">statx or ftruncate failed.</exception>
    public void GrowTo(long length)
    {
        if (Status().Size < length && Libc.ftruncate(Descriptor, length) != 0)
        {
            throw SystemCallException.FromLastError("ftruncate", Path);
        }
    }

    /// <summary>
    /// Takes an exclusive <c>flock</c> without waiting; false if another open file description
    /// holds one. The lock lasts until this handle is disposed (or the process ends).
    /// </summary>
    /// <exception cref="SystemCallException">flock failed other than with EWOULDBLOCK.</exception>
    public bool TryLockExclusive()
    {
        if (Libc.flock(Descriptor, Libc.LOCK_EX | Libc.LOCK_NB) == 0)
        {
            return true;
        }
        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return errno == Libc.EWOULDBLOCK ? false : throw new SystemCallException("flock", errno, Path);
    }

    /// <summary>Makes <paramref name="contents"/> the whole file (for small files nobody maps, such as a lock file).</summary>
    /// <exception cref="SystemCallException">ftruncate or pwrite failed.</exception>
    public void ReplaceContents(ReadOnlySpan<byte> contents)
    {
        if (Libc.ftruncate(Descriptor, 0) != 0)
        {
            throw SystemCallException.FromLastError("ftruncate", Path);
        }
        fixed (byte* p = contents)
        {
            if (Libc.pwrite(Descriptor, p, (nuint)contents.Length, 0) != contents.Length)
            {
                throw SystemCallException.FromLastError("pwrite", Path);
            }
        }
    }

    internal static FileStatus StatusOf(int fd, string path)
    {
        Libc.StatxNative st;
        byte empty = 0;
        if (Libc.statx(fd, &empty, Libc.AT_EMPTY_PATH, FileStatus.Mask, &st) != 0)
        {
            throw SystemCallException.FromLastError("statx", path);
        }
        return FileStatus.From(st);
    }

    /// <summary>Closes the descriptor (releasing a lock it holds).</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Libc.close(fd);
        }
    }
}
