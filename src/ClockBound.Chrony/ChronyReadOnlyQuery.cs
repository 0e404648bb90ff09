using System.Globalization;
using System.Net;

namespace ClockBound.Chrony;

/// <summary>
/// Monitoring queries (tracking, sources) for programs that may run as any user: the Unix socket
/// when this user can use it, else chronyd's UDP command port on 127.0.0.1, then ::1 (as chronyc
/// does). The daemon does not use this: its reset after a disruption needs the Unix socket.
/// </summary>
public static class ChronyReadOnlyQuery
{
    /// <summary>Opens a connection by the first route that works, runs <paramref name="query"/> on it, and closes it.</summary>
    /// <exception cref="ChronyException">No route answered (the Unix socket's failure first, then each UDP address's).</exception>
    public static ChronyQueryResult<T> Run<T>(ChronyQueryOptions options, Func<ChronyClient, T> query)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(query);
        return ChronyRouteSelection.Run(Routes(options), query);
    }

    /// <summary>The routes in the order they are tried.</summary>
    internal static IReadOnlyList<ChronyRoute<ChronyClient>> Routes(ChronyQueryOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.UdpPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.UdpPort, IPEndPoint.MaxPort);
        var routes = new List<ChronyRoute<ChronyClient>>
        {
            new(ChronyTransport.UnixSocket, options.SocketPath, () => ChronyConnection.Open(options.SocketPath, options.UnixOptions)),
        };
        if (options.UdpPort != 0)
        {
            foreach (IPAddress address in (ReadOnlySpan<IPAddress>)[IPAddress.Loopback, IPAddress.IPv6Loopback])
            {
                var endPoint = new IPEndPoint(address, options.UdpPort);
                routes.Add(new(ChronyTransport.Udp, endPoint.ToString(), () => ChronyUdpConnection.Open(endPoint, options.UnixOptions.Timeout)));
            }
        }
        return routes;
    }
}
