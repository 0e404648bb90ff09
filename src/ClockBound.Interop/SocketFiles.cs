namespace ClockBound.Interop;

/// <summary>Tells a Unix socket file from other kinds of file (the BCL does not expose the file type).</summary>
internal static class SocketFiles
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
        FileStatus status = FileStatus.Get(path, followLink: false);
        bool isSocket = status.Kind == FileKind.Socket;
        identity = isSocket ? status.Identity : default;
        return isSocket;
    }
}
