using ClockBound.Interop;

namespace ClockBound.Chrony;

/// <summary>
/// Removes the client socket files that killed processes left in a directory. A process that ends
/// normally removes its own (<see cref="ChronyClient.Dispose"/>); one killed with SIGKILL (a
/// systemd stop timeout, the OOM killer) cannot, and nothing else would ever remove it, so a
/// host whose daemon keeps crashing would collect them in chronyd's directory without end.
/// </summary>
/// <remarks>
/// Whether a file is abandoned is decided by the socket itself (<see cref="SocketFileProbe"/>),
/// never by its name's pid: processes in other PID namespaces (the host's, seen from a container,
/// or other containers') share chronyd's directory, and their pids mean nothing here. A name
/// whose pid exists here is still left alone, so the pid can only ever keep a file, not condemn it.
/// </remarks>
internal static class StaleClientSockets
{
    // chronyd's socket directory holds a handful of entries; this only bounds the work if it
    // somehow holds very many (the rest wait for a later open; the listing order decides which).
    private const int MaxEntriesExamined = 10_000;

    /// <summary>
    /// Deletes each <c>PREFIX.PID.sock</c> and <c>PREFIX.PID.N.sock</c> in <paramref name="directory"/> that is a
    /// socket no process has bound (connect() refused), whose PID is not this process and names no
    /// process in this PID namespace. Never throws for the file system: a file that cannot be
    /// examined or deleted is left as it is.
    /// </summary>
    /// <returns>The paths deleted.</returns>
    internal static List<string> Remove(string directory, string prefix)
    {
        var removed = new List<string>();
        int ownPid = Environment.ProcessId;
        int examined = 0;
        try
        {
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = false,
                IgnoreInaccessible = true,
                AttributesToSkip = 0, // the default skips dot names, and a prefix may start with a dot
                MatchType = MatchType.Simple,
            };

            // "*" and then our own parser: the prefix may hold characters the BCL's pattern treats as wildcards.
            foreach (string path in Directory.EnumerateFileSystemEntries(directory, "*", options))
            {
                if (++examined > MaxEntriesExamined)
                {
                    break;
                }

                int? pid = ClientSocketName.ParsePid(Path.GetFileName(path), prefix);
                if (pid is int stalePid && stalePid != ownPid && TryRemove(path, stalePid))
                {
                    removed.Add(path);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cannot list the directory (or it vanished mid-way): cleaning up is only a courtesy,
            // opening the connection is what matters.
        }

        return removed;
    }

    private static bool TryRemove(string path, int pid)
    {
        try
        {
            // Only a socket (a regular file, directory or symlink of that name is someone else's,
            // or an operator's), only one nobody holds, in any namespace.
            return !Processes.Exists(pid) && SocketFileProbe.TryRemoveAbandoned(path);
        }
        catch (SystemCallException)
        {
            return false; // kill failed oddly: leave the file
        }
    }

    /// <summary>
    /// Clears the path a connection is about to bind: removes an abandoned socket or any other
    /// file left there, but never a socket some process holds (binding then fails, saying so).
    /// </summary>
    /// <exception cref="ChronyException">A file is there and cannot be removed.</exception>
    internal static void ClearForBind(string path)
    {
        switch (SocketFileProbe.Examine(path, out FileIdentity identity))
        {
            case SocketFileState.Bound:
                return;
            case SocketFileState.Abandoned:
                SocketFileProbe.TryRemove(path, identity);
                return;
        }

        try
        {
            File.Delete(path); // no error if absent
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing stale; bind reports the missing directory.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // unlink() says EACCES also when nothing is there but the directory is closed to us:
            // name that, not a stale socket that does not exist.
            int errno = FileStatus.LookupErrno(path);
            if (errno == 2)
            {
                return; // nothing there: bind reports what is wrong with the directory
            }

            string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
            throw errno == 13
                ? new ChronyException(
                    ChronyFailureKind.DirectoryAccessDenied,
                    $"cannot create the client socket {path}: permission denied: this user may not enter {directory}", e)
                : new ChronyException(
                    ChronyFailureKind.DirectoryAccessDenied,
                    $"cannot remove the file left at {path} by an earlier run, to bind the client socket there: {e.Message}", e);
        }
    }
}
