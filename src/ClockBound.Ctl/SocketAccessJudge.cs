namespace ClockBound.Ctl;

/// <summary>
/// Whether a user may talk to chronyd over its Unix socket, as the kernel decides it: search (x)
/// permission on every directory on the way, write permission on the socket's directory (the
/// client binds its own socket there, as chronyc does) and on the socket file. Pure.
/// </summary>
internal static class SocketAccessJudge
{
    /// <summary>
    /// Null when <paramref name="user"/> may reach the socket; else what stops it, e.g.
    /// <c>/run/chrony (0750 _chrony:_chrony) may not be searched by nobody</c>.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="directories">Each directory from <c>/</c> down to the socket's own (the last, where the client socket is bound).</param>
    /// <param name="socket">The socket file.</param>
    /// <param name="describe">How to show a file's mode and owner in the message.</param>
    public static string? FirstBlocker(UnixAccount user, IReadOnlyList<FileFacts> directories, FileFacts socket, Func<FileFacts, string> describe)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(describe);
        foreach (FileFacts directory in directories)
        {
            if (!May(user, directory, execute: true))
            {
                return $"{directory.Path} ({describe(directory)}) may not be searched by {user.Name}";
            }
        }
        if (directories.Count > 0 && !May(user, directories[^1], execute: false))
        {
            FileFacts own = directories[^1];
            return $"{own.Path} ({describe(own)}) may not be written by {user.Name}, and the daemon binds its own socket there for chronyd's replies";
        }
        return May(user, socket, execute: false) ? null : $"{socket.Path} ({describe(socket)}) may not be written by {user.Name}";
    }

    /// <summary>
    /// One permission check: root (uid 0) passes every write and, on a directory, every search;
    /// others are judged by the owner, group or other bits, the first class that applies (a
    /// user who owns the file is judged by the owner bits only, as the kernel does).
    /// </summary>
    public static bool May(UnixAccount user, FileFacts file, bool execute)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(file);
        if (user.Uid == 0)
        {
            return true; // CAP_DAC_OVERRIDE: directories are always searchable, files always writable
        }
        (UnixFileMode owner, UnixFileMode group, UnixFileMode other) = execute
            ? (UnixFileMode.UserExecute, UnixFileMode.GroupExecute, UnixFileMode.OtherExecute)
            : (UnixFileMode.UserWrite, UnixFileMode.GroupWrite, UnixFileMode.OtherWrite);
        UnixFileMode needed = user.Uid == file.Uid ? owner : user.IsInGroup(file.Gid) ? group : other;
        return (file.Mode & needed) != 0;
    }
}
