namespace ClockBound.Interop;

/// <summary>
/// A file mapped with <c>MAP_SHARED</c>: the ClockBound segment (read-only for clients,
/// read-write for the daemon) or the VMClock device.
/// </summary>
/// <remarks>
/// <para>The file descriptor is closed as soon as the mapping exists; the mapping keeps the file.</para>
/// <para>
/// Disposing never leaves a dangling address: instead of unmapping, the range is first replaced by
/// a private page of zeros (<c>MAP_FIXED</c>). A thread still reading through the pointer after
/// another thread disposed sees zeros ("not initialised") instead of crashing the process with
/// SIGSEGV; a thread still writing through it writes into that private page. The range itself is
/// released (<c>munmap</c>) by the finalizer once the object is unreachable: a user of
/// <see cref="Pointer"/> keeps the object alive (<see cref="GC.KeepAlive"/>) until its last access,
/// so the garbage collector's reachability proves no access is in flight. Disposed mappings thus
/// cost nothing for long (no growth towards <c>vm.max_map_count</c>) and add nothing to a read.
/// </para>
/// </remarks>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly nint _address;
    private int _disposed;
    private int _zeroed; // 1 once Dispose has swapped in the zero pages: the finalizer may then unmap

    private MappedFile(string path, nint address, long length, bool writable)
    {
        Path = path;
        _address = address;
        Length = length;
        IsWritable = writable;
    }

    /// <summary>The path the mapping was made from.</summary>
    public string Path { get; }

    /// <summary>Bytes mapped; reading at or past this offset is never allowed.</summary>
    public long Length { get; }

    /// <summary>Whether the mapping was made with <c>PROT_WRITE</c>.</summary>
    public bool IsWritable { get; }

    /// <summary>Start of the mapping; null when <see cref="Length"/> is 0.</summary>
    public byte* Pointer => (byte*)_address;

    /// <summary>
    /// Maps a file read-only. A regular file is mapped at its current size (an empty file gives an
    /// empty mapping); a character device (e.g. <c>/dev/vmclock0</c>) is mapped at
    /// <paramref name="deviceLength"/> bytes, since devices report size 0.
    /// </summary>
    /// <exception cref="SystemCallException">open, statx or mmap failed. Anything that is neither a
    /// regular file nor a character device (a directory, a FIFO) is reported as mmap's ENODEV.</exception>
    public static MappedFile MapReadOnly(string path, long deviceLength = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait forever for a writer; here it
        // opens at once and is then rejected as "not mappable". Regular files and devices ignore it.
        int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw SystemCallException.FromLastError("open", path);
        }
        try
        {
            (ushort type, long size) = Stat(fd, path);
            long length = type switch
            {
                Libc.S_IFREG => size,
                Libc.S_IFCHR when deviceLength > 0 => deviceLength,
                _ => throw new SystemCallException("mmap", Libc.ENODEV, path),
            };
            nint address = length == 0 ? 0 : Map(fd, length, Libc.PROT_READ, path);
            return new MappedFile(path, address, length, writable: false);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    /// <summary>
    /// Opens or creates a regular file for writing with permissions <paramref name="mode"/>, grows it
    /// to at least <paramref name="length"/> bytes (it is never shrunk: a reader mapping past the end
    /// of a file is killed with SIGBUS) and maps its first <paramref name="length"/> bytes read-write.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="length">Bytes to map; the file is extended with zeros to this size if shorter.</param>
    /// <param name="mode">Unix permission bits, applied with fchmod (e.g. 0644).</param>
    /// <param name="previousLength">The file's size before this call (0 for a new file).</param>
    /// <exception cref="SystemCallException">open, fchmod, statx, ftruncate or mmap failed.</exception>
    public static MappedFile MapReadWrite(string path, long length, uint mode, out long previousLength)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        int fd = Libc.open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, mode);
        if (fd < 0)
        {
            throw SystemCallException.FromLastError("open", path);
        }
        try
        {
            (ushort type, long size) = Stat(fd, path);
            if (type != Libc.S_IFREG)
            {
                throw new SystemCallException("mmap", Libc.ENODEV, path);
            }
            if (Libc.fchmod(fd, mode) != 0)
            {
                throw SystemCallException.FromLastError("fchmod", path);
            }
            previousLength = size;
            if (size < length && Libc.ftruncate(fd, length) != 0)
            {
                throw SystemCallException.FromLastError("ftruncate", path);
            }
            nint address = Map(fd, length, Libc.PROT_READ | Libc.PROT_WRITE, path);
            return new MappedFile(path, address, length, writable: true);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    /// <summary>
    /// Maps the first <paramref name="length"/> bytes of an open regular file read-write. The caller
    /// opened and checked the file (see <see cref="DirectoryHandle"/>) and made it at least that long
    /// (a mapping past the end of a file would kill whoever touches it with SIGBUS).
    /// </summary>
    /// <exception cref="SystemCallException">statx or mmap failed; a file that is not regular, or is
    /// shorter than <paramref name="length"/>, is reported as mmap's ENODEV.</exception>
    public static MappedFile MapReadWrite(FileHandle file, long length)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        (ushort type, long size) = Stat(file.Descriptor, file.Path);
        if (type != Libc.S_IFREG || size < length)
        {
            throw new SystemCallException("mmap", Libc.ENODEV, file.Path);
        }
        nint address = Map(file.Descriptor, length, Libc.PROT_READ | Libc.PROT_WRITE, file.Path);
        return new MappedFile(file.Path, address, length, writable: true);
    }

    /// <summary>Returns the file type bits (S_IFMT) and size of an open descriptor.</summary>
    private static (ushort Type, long Size) Stat(int fd, string path)
    {
        Libc.StatxNative st;
        if (Libc.statx(fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_SIZE, &st) != 0)
        {
            throw SystemCallException.FromLastError("statx", path);
        }
        return ((ushort)(st.stx_mode & Libc.S_IFMT), (long)st.stx_size);
    }

    private static nint Map(int fd, long length, int prot, string path)
    {
        nint address = Libc.mmap(0, (nuint)length, prot, Libc.MAP_SHARED, fd, 0);
        if (address == Libc.MAP_FAILED)
        {
            throw SystemCallException.FromLastError("mmap", path);
        }
        return address;
    }

    /// <summary>Replaces the mapping with an inert zero page range, released when the object is collected (see the type's remarks).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA1816:Dispose methods should call SuppressFinalize",
        Justification = "The finalizer is what unmaps a disposed mapping, once no reader can hold it.")]
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _address == 0)
        {
            return;
        }
        // The address stays valid for racing threads: atomically swap the shared mapping for private
        // zeros at the same address. A writable mapping gets a writable zero page, so a store racing
        // with Dispose lands in the void instead of faulting. If even the swap fails (no memory),
        // leaking the live mapping is still safer than unmapping it.
        int prot = IsWritable ? Libc.PROT_READ | Libc.PROT_WRITE : Libc.PROT_READ;
        if (Libc.mmap(_address, (nuint)Length, prot, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_FIXED, -1, 0) != Libc.MAP_FAILED)
        {
            Volatile.Write(ref _zeroed, 1);
        }
    }

    /// <summary>
    /// Unmaps a disposed mapping: unreachable, so no thread can be using the pointer. A mapping
    /// never disposed is left alone (a writer may still be storing through a pointer it derived).
    /// </summary>
    ~MappedFile()
    {
        if (Volatile.Read(ref _zeroed) != 0)
        {
            Libc.munmap(_address, (nuint)Length);
        }
    }
}
