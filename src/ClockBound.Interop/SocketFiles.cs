namespace ClockBound.Interop;

/// <summary>Tells a Unix socket file from other kinds of file (the BCL does not expose the file type).</summary>
public static unsafe class SocketFiles
{
    /// <summary>
    /// Whether <paramref name="path"/> itself is a socket (<c>S_IFSOCK</c>). A symbolic link is
    /// not followed: a link to a socket is not a socket.
    /// </summary>
    /// <exception cref="SystemCallException">statx failed, e.g. with ENOENT (2) when nothing is at the path.</exception>
    public static bool IsSocket(string path) => TryGetSocketIdentity(path, out _);

    /// <summary>
    /// Whether <paramref name="path"/> itself is a socket (a link is not followed) and, if so, which
    /// file it is: its device and inode, which change when the file is replaced by another of the same name.
    /// </summary>
    /// <exception cref="SystemCallException">statx failed, e.g. with ENOENT (2) when nothing is at the path.</exception>
    public static bool TryGetSocketIdentity(string path, out FileIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(path);
        Libc.StatxNative st;
        if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_INO, &st) != 0)
        {
            throw SystemCallException.FromLastError("statx", path);
        }

        bool isSocket = (st.stx_mode & Libc.S_IFMT) == Libc.S_IFSOCK;
        identity = isSocket ? new FileIdentity(st.stx_dev_major, st.stx_dev_minor, st.stx_ino) : default;
        return isSocket;
    }
}
