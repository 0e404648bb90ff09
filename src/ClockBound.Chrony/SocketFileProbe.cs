using System.Net.Sockets;
using ClockBound.Interop;

namespace ClockBound.Chrony;

/// <summary>
/// Tells an abandoned socket file (its process is gone) from one some process still holds, by
/// asking the kernel rather than by process id: a process id means nothing across PID namespaces
/// (a container sees none of the host's chronyc and daemon processes that share chronyd's directory).
/// </summary>
/// <remarks>
/// A datagram <c>connect()</c> to a socket path finds the socket bound to that file's inode,
/// whichever PID or network namespace its process is in. It succeeds while a socket is bound (or
/// fails with EPERM if that socket is connected to another peer), and fails with ECONNREFUSED
/// only once no socket is bound to the file any more. Nothing is sent.
/// </remarks>
internal static class SocketFileProbe
{
    /// <summary>Examines <paramref name="path"/>; for a socket, <paramref name="identity"/> names the file examined.</summary>
    internal static SocketFileState Examine(string path, out FileIdentity identity)
    {
        identity = default;
        try
        {
            if (!SocketFiles.TryGetSocketIdentity(path, out identity))
            {
                return SocketFileState.NoSocket;
            }
        }
        catch (SystemCallException)
        {
            return SocketFileState.NoSocket; // gone (ENOENT), or not examinable: not a socket we could judge
        }

        return IsRefused(path) ? SocketFileState.Abandoned : SocketFileState.Bound;
    }

    /// <summary>Removes <paramref name="path"/> if it is an abandoned socket file; never throws for the file system.</summary>
    /// <returns>Whether this call removed it.</returns>
    internal static bool TryRemoveAbandoned(string path) =>
        Examine(path, out FileIdentity abandoned) == SocketFileState.Abandoned && TryRemove(path, abandoned);

    /// <summary>
    /// Removes <paramref name="path"/> if it is still the socket file <paramref name="abandoned"/>
    /// (found abandoned before). A socket file once abandoned stays so (binding always makes a new
    /// file), so the identity check is what keeps a new socket another process bound at the same
    /// name in the meantime.
    /// </summary>
    internal static bool TryRemove(string path, FileIdentity abandoned)
    {
        try
        {
            if (!SocketFiles.TryGetSocketIdentity(path, out FileIdentity now) || now != abandoned)
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is SystemCallException or IOException or UnauthorizedAccessException)
        {
            return false; // vanished, or not ours to delete: leave it
        }
    }

    private static bool IsRefused(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionRefused;
        }
        catch (ArgumentException)
        {
            return false; // a path longer than sun_path: cannot be probed, so not known to be free
        }
    }
}
