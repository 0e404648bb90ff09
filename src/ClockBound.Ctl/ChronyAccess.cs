using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>Where and how to ask chronyd.</summary>
/// <param name="SocketPath">chronyd's command socket.</param>
/// <param name="ClientSocketDirectory">Where to bind our own socket; null for beside chronyd's socket.</param>
/// <param name="Timeout">How long to wait for each reply.</param>
internal sealed record ChronyTarget(string SocketPath, string? ClientSocketDirectory, TimeSpan Timeout);

/// <summary>
/// The commands' only contact with <see cref="ChronyConnection"/> (being reshaped): a tracking
/// report, or the sources. Failures are <see cref="ChronyException"/>s whose text names the socket.
/// </summary>
internal static class ChronyAccess
{
    /// <summary>The client socket is <c>DIR/clockboundctl.PID.sock</c>, apart from the daemon's <c>clockbound.PID.sock</c>.</summary>
    public const string ClientSocketPrefix = "clockboundctl";

    /// <summary>chronyd's tracking report.</summary>
    /// <exception cref="ChronyException">chronyd could not be asked.</exception>
    public static TrackingReport GetTracking(ChronyTarget target)
    {
        using ChronyConnection connection = Open(target);
        return connection.GetTracking();
    }

    /// <summary>Every source chronyd has, in its order.</summary>
    /// <exception cref="ChronyException">chronyd could not be asked.</exception>
    public static IReadOnlyList<SourceReport> GetSources(ChronyTarget target)
    {
        using ChronyConnection connection = Open(target);
        int count = connection.GetSourceCount();
        var sources = new List<SourceReport>(count);
        for (int i = 0; i < count; i++)
        {
            sources.Add(connection.GetSourceData(i));
        }
        return sources;
    }

    private static ChronyConnection Open(ChronyTarget target)
    {
        if (target.ClientSocketDirectory is string directory && !Directory.Exists(directory))
        {
            // Binding there would fail with the runtime's misleading "Cannot assign requested address".
            throw new ChronyException($"--client-socket-dir {directory}: no such directory");
        }
        if (!Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(target.SocketPath))))
        {
            // Binding our socket beside it would fail first, with a message about our socket.
            throw new ChronyException($"cannot connect to chronyd's command socket {target.SocketPath}: no such socket (is chronyd running, with this bindcmdaddress?)");
        }
        return ChronyConnection.Open(target.SocketPath, new ChronyConnectionOptions
        {
            ClientSocketDirectory = target.ClientSocketDirectory,
            ClientSocketPrefix = ClientSocketPrefix,
            Timeout = target.Timeout,
        });
    }
}
