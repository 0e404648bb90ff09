using ClockBound.Interop;

namespace ClockBound.Chrony;

/// <summary>
/// Removes the client socket files that killed processes left in a directory. A process that ends
/// normally removes its own (<see cref="ChronyConnection.Dispose"/>); one killed with SIGKILL (a
/// systemd stop timeout, the OOM killer) cannot, and nothing else would ever remove it, so a
/// host whose daemon keeps crashing would collect them in chronyd's directory without end.
/// </summary>
internal static class StaleClientSockets
{
    // chronyd's socket directory holds a handful of entries; this only bounds the work if it
    // somehow holds very many (the rest wait for a later open; the listing order decides which).
    private const int MaxEntriesExamined = 10_000;

    /// <summary>
    /// Deletes each <c>PREFIX.PID.sock</c> and <c>PREFIX.PID.N.sock</c> in <paramref name="directory"/> that is a socket and
    /// whose PID is not this process and names no existing process. Never throws for the file
    /// system: a file that cannot be examined or deleted is left as it is.
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
            // Only a socket: a regular file, directory or symlink of that name is someone else's
            // (or an operator's) and not ours to delete.
            if (!SocketFiles.IsSocket(path) || Processes.Exists(pid))
            {
                return false;
            }

            File.Delete(path); // no error if another process removed it first
            return true;
        }
        catch (Exception e) when (e is SystemCallException or IOException or UnauthorizedAccessException)
        {
            // Vanished (ENOENT from statx), not ours to stat or delete: leave it.
            return false;
        }
    }
}
