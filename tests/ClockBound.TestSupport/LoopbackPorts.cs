using System.Net;
using System.Net.Sockets;

namespace ClockBound.TestSupport;

/// <summary>Hands out free UDP ports on 127.0.0.1, each at most once per test process.</summary>
public static class LoopbackPorts
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A UDP port on 127.0.0.1 that was free a moment ago (the kernel picked it) and that no other
    /// caller in this process got. Another process may still take it before it is used: callers
    /// that bind it later check and retry (as <see cref="ChronydHarness"/> does).
    /// </summary>
    public static int ReserveUdp()
    {
        lock (Gate)
        {
            while (true)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
