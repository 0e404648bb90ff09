using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>Where and how to ask chronyd.</summary>
/// <param name="SocketPath">chronyd's command socket (<c>--chrony-socket</c>).</param>
/// <param name="ClientSocketDirectory">Where to bind our own socket (<c>--client-socket-dir</c>); null for beside chronyd's socket.</param>
/// <param name="Timeout">How long to wait for each reply.</param>
/// <param name="UdpPort">chronyd's UDP command port, tried on 127.0.0.1 then ::1 when the Unix socket cannot be used (<c>--chrony-udp-port</c>); 0 for the socket only.</param>
internal sealed record ChronyTarget(string SocketPath, string? ClientSocketDirectory, TimeSpan Timeout, int UdpPort = ChronyUdpConnection.DefaultPort);

/// <summary>
/// The commands' only contact with chronyd: a tracking report, or the sources, over the Unix
/// socket, or chronyd's UDP command port when this user may not use the socket (as chronyc
/// does). Failures are <see cref="ChronyException"/>s whose text names the socket.
/// </summary>
internal static class ChronyAccess
{
    /// <summary>The client socket is <c>DIR/clockboundctl.PID.sock</c>, apart from the daemon's <c>clockbound.PID.sock</c>.</summary>
    public const string ClientSocketPrefix = "clockboundctl";

    /// <summary>chronyd's tracking report, and the way it came.</summary>
    /// <exception cref="ChronyException">chronyd could not be asked.</exception>
    public static ChronyQueryResult<TrackingReport> GetTracking(ChronyTarget target) =>
        Query(target, client => client.GetTracking());

    /// <summary>Every source chronyd has, in its order, and the way they came.</summary>
    /// <exception cref="ChronyException">chronyd could not be asked.</exception>
    public static ChronyQueryResult<IReadOnlyList<SourceReport>> GetSources(ChronyTarget target) =>
        Query<IReadOnlyList<SourceReport>>(target, client =>
        {
            int count = client.GetSourceCount();
            var sources = new List<SourceReport>(count);
            for (int i = 0; i < count; i++)
            {
                sources.Add(client.GetSourceData(i));
            }
            return sources;
        });

    /// <summary>
    /// The fix for a failure to reach chronyd, in clockboundctl's flags (when the UDP port was
    /// tried too, also how to let chronyd answer there); null when chronyd was reached and the
    /// message itself says what went wrong (no reply in time, a bad reply, an error status).
    /// </summary>
    public static string? Fix(ChronyException error, ChronyTarget target)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(target);
        if (error.Kind is ChronyFailureKind.Timeout or ChronyFailureKind.BadReply or ChronyFailureKind.Rejected or ChronyFailureKind.Other)
        {
            return null;
        }
        string fix = ChronyFailureAdvice.Fix(error.Kind);
        return target.UdpPort != 0
            ? $"{fix}; or let chronyd answer on its UDP command port on localhost (chrony.conf 'cmdport', default 323; --chrony-udp-port PORT if another)"
            : fix;
    }

    private static ChronyQueryResult<T> Query<T>(ChronyTarget target, Func<ChronyClient, T> query)
    {
        if (target.ClientSocketDirectory is string directory && !Directory.Exists(directory))
        {
            // Binding there would fail with the runtime's misleading "Cannot assign requested address".
            throw new ChronyException(ChronyFailureKind.SocketDirectoryMissing, $"--client-socket-dir {directory}: no such directory");
        }
        return ChronyReadOnlyQuery.Run(
            new ChronyQueryOptions
            {
                SocketPath = target.SocketPath,
                UnixOptions = new ChronyConnectionOptions
                {
                    ClientSocketDirectory = target.ClientSocketDirectory,
                    ClientSocketPrefix = ClientSocketPrefix,
                    Timeout = target.Timeout,
                },
                UdpPort = target.UdpPort,
            },
            query);
    }
}
