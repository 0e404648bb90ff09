using System.Text;

namespace ClockBound.Interop;

/// <summary>
/// An open directory (<c>O_PATH</c>) through which entries are looked up, created, renamed and
/// opened by name, never following a link in the last component: a checked directory stays the
/// one acted in, whatever happens to its path afterwards.
/// </summary>
internal sealed unsafe class DirectoryHandle : IDisposable
{
    private int _fd;

    private DirectoryHandle(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    /// <summary>The path this directory was reached by (for messages).</summary>
    public string Path { get; }

    /// <summary>Opens <c>/</c>.</summary>
    /// <exception cref="SystemCallException">open failed.</exception>
    public static DirectoryHandle OpenRoot()
    {
        int fd = Libc.open("/", Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        return fd < 0 ? throw SystemCallException.FromLastError("open", "/") : new DirectoryHandle(fd, "/");
    }

    /// <summary>The directory's own status.</summary>
    /// <exception cref="SystemCallException">statx failed.</exception>
    public FileStatus Status() => FileHandle.StatusOf(Descriptor, Path);

    /// <summary>The status of entry <paramref name="name"/> itself (a link is not followed), or null if there is none.</summary>
    /// <exception cref="SystemCallException">statx failed other than with ENOENT.</exception>
    public FileStatus? StatusOf(string name)
    {
        Libc.StatxNative st;
        if (Libc.statx(Descriptor, name, Libc.AT_SYMLINK_NOFOLLOW, FileStatus.Mask, &st) == 0)
        {
            return FileStatus.From(st);
        }
        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return errno == Libc.ENOENT ? null : throw new SystemCallException("statx", errno, Child(name));
    }

    /// <summary>Opens subdirectory <paramref name="name"/>; a link there fails (ENOTDIR).</summary>
    /// <exception cref="SystemCallException">open failed.</exception>
    public DirectoryHandle OpenDirectory(string name)
    {
        int fd = Libc.openat(Descriptor, name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        return fd < 0 ? throw SystemCallException.FromLastError("open", Child(name)) : new DirectoryHandle(fd, Child(name));
    }

    /// <summary>Opens the parent directory (<c>..</c>).</summary>
    /// <exception cref="SystemCallException">open failed.</exception>
    public DirectoryHandle OpenParent()
    {
        int fd = Libc.openat(Descriptor, "..", Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        string parent = System.IO.Path.GetDirectoryName(Path) ?? "/";
        return fd < 0 ? throw SystemCallException.FromLastError("open", Child("..")) : new DirectoryHandle(fd, parent);
    }

    /// <summary>
    /// Creates subdirectory <paramref name="name"/> and gives it exactly <paramref name="mode"/>
    /// (mkdir applies the umask); false if the name already exists.
    /// </summary>
    /// <exception cref="SystemCallException">mkdir or chmod failed other than with EEXIST.</exception>
    public bool TryCreateDirectory(string name, uint mode)
    {
        if (Libc.mkdirat(Descriptor, name, mode) != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return errno == Libc.EEXIST ? false : throw new SystemCallException("mkdir", errno, Child(name));
        }
        // Only this process or root can swap the new entry: the caller checked this directory.
        if (Libc.fchmodat(Descriptor, name, mode, 0) != 0)
        {
            throw SystemCallException.FromLastError("chmod", Child(name));
        }
        return true;
    }

    /// <summary>The target of symbolic link <paramref name="name"/>.</summary>
    /// <exception cref="SystemCallException">readlink failed.</exception>
    public string ReadLink(string name)
    {
        const int Max = 4096;
        byte* buffer = stackalloc byte[Max];
        nint length = Libc.readlinkat(Descriptor, name, buffer, Max);
        if (length < 0)
        {
            throw SystemCallException.FromLastError("readlink", Child(name));
        }
        return Encoding.UTF8.GetString(buffer, (int)length);
    }

    /// <summary>
    /// Opens existing regular file <paramref name="name"/> read-write, never following a link
    /// (ELOOP), never blocking on a FIFO and never taking a terminal.
    /// </summary>
    /// <exception cref="SystemCallException">open failed.</exception>
    public FileHandle OpenFile(string name) =>
        Open(name, Libc.O_RDWR | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);

    /// <summary>Opens <paramref name="name"/> read-write like <see cref="OpenFile"/>, creating it with <paramref name="mode"/> if missing.</summary>
    /// <exception cref="SystemCallException">open failed.</exception>
    public FileHandle OpenOrCreateFile(string name, uint mode) =>
        Open(name, Libc.O_RDWR | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY | Libc.O_CLOEXEC, mode);

    /// <summary>Creates <paramref name="name"/>, which must not exist (EEXIST otherwise, even for a dangling link).</summary>
    /// <exception cref="SystemCallException">open failed.</exception>
    public FileHandle CreateNewFile(string name, uint mode) =>
        Open(name, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, mode);

    /// <summary>Renames entry <paramref name="from"/> to <paramref name="to"/> atomically, replacing what <paramref name="to"/> named (a link itself, never its target).</summary>
    /// <exception cref="SystemCallException">rename failed.</exception>
    public void Rename(string from, string to)
    {
        if (Libc.renameat(Descriptor, from, Descriptor, to) != 0)
        {
            throw SystemCallException.FromLastError("rename", Child(to));
        }
    }

    /// <summary>Removes entry <paramref name="name"/> (not a directory); false if that failed.</summary>
    public bool TryDelete(string name) => Libc.unlinkat(Descriptor, name, 0) == 0;

    /// <summary>The path of entry <paramref name="name"/> (for messages).</summary>
    public string Child(string name) => Path == "/" ? "/" + name : Path + "/" + name;

    private FileHandle Open(string name, int flags, uint mode)
    {
        int fd = Libc.openat(Descriptor, name, flags, mode);
        return fd < 0 ? throw SystemCallException.FromLastError("open", Child(name)) : new FileHandle(fd, Child(name));
    }

    private int Descriptor
    {
        get
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            return _fd;
        }
    }

    /// <summary>Closes the directory.</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Libc.close(fd);
        }
    }
}
