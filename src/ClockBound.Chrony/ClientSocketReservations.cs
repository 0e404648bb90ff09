using System.Globalization;

namespace ClockBound.Chrony;

/// <summary>
/// Picks the client socket path of each connection: <c>DIR/PREFIX.PID.sock</c>, or
/// <c>DIR/PREFIX.PID.N.sock</c> (N ≥ 2) when that one is taken, by another connection of this
/// process or by a socket another process holds there (one in another PID namespace can have our
/// pid). Two sockets must never unlink each other's file.
/// </summary>
internal static class ClientSocketReservations
{
    // Far more connections than one process holds at once; only bounds the search.
    private const int MaxConnections = 1000;

    private static readonly Lock s_gate = new();
    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal);

    /// <summary>Reserves the first free name in <paramref name="directory"/> for this process; <see cref="Release"/> it when done.</summary>
    /// <exception cref="ChronyException">All <see cref="MaxConnections"/> names are taken.</exception>
    internal static string Reserve(string directory, string prefix)
    {
        int pid = Environment.ProcessId;
        lock (s_gate)
        {
            for (int connection = 1; connection <= MaxConnections; connection++)
            {
                string path = Path.Combine(directory, ClientSocketName.Format(prefix, pid, connection));
                if (!s_reserved.Contains(path) && SocketFileProbe.Examine(path, out _) != SocketFileState.Bound)
                {
                    s_reserved.Add(path);
                    return path;
                }
            }
        }

        throw new ChronyException(string.Create(
            CultureInfo.InvariantCulture,
            $"cannot pick a client socket in {directory}: {prefix}.{pid}.sock and the next {MaxConnections - 1} names are all held by live sockets"));
    }

    /// <summary>Makes a reserved path available again.</summary>
    internal static void Release(string path)
    {
        lock (s_gate)
        {
            s_reserved.Remove(path);
        }
    }
}
