using System.Net;
using System.Net.Sockets;

namespace ClockBound.Chrony;

/// <summary>
/// A client of chronyd's UDP command port (<c>cmdport</c>, 323 by default) on this host, as
/// chronyc uses when it cannot use the Unix socket. chronyd answers only monitoring commands
/// there (tracking, sources, sourcestats, activity…), and by default only from 127.0.0.1 and ::1
/// (<c>cmdallow</c>); control commands get status UNAUTH. Owns its UDP socket; thread-safe.
/// </summary>
public sealed class ChronyUdpConnection : ChronyClient
{
    /// <summary>chronyd's default <c>cmdport</c>.</summary>
    public const int DefaultPort = 323;

    private const int ErrorCheckMilliseconds = 20;

    private readonly string _localName;

    private ChronyUdpConnection(IPEndPoint server, Socket socket, TimeSpan timeout)
        : base(Describe(server), timeout)
    {
        Socket = socket;
        _localName = socket.LocalEndPoint is IPEndPoint local ? Describe(local) : "a UDP socket";
    }

    /// <inheritdoc />
    public override ChronyTransport Transport => ChronyTransport.Udp;

    /// <inheritdoc />
    private protected override string LocalName => _localName;

    /// <summary>
    /// Connects a UDP socket to <paramref name="server"/>. Nothing is sent: a closed port shows
    /// on the first request (<see cref="ChronyFailureKind.Refused"/>).
    /// </summary>
    /// <param name="server">chronyd's command port, e.g. 127.0.0.1:323.</param>
    /// <param name="timeout">How long each request waits for its reply.</param>
    /// <exception cref="ChronyException">The socket cannot be created or connected (e.g. no IPv6 on this host).</exception>
    public static ChronyUdpConnection Open(IPEndPoint server, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive and at most 10 minutes.");
        }

        Socket? socket = null;
        try
        {
            socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server);
            socket.Blocking = false;
            return new ChronyUdpConnection(server, socket, timeout);
        }
        catch (SocketException e)
        {
            socket?.Dispose();
            throw new ChronyException(
                ChronyFailureKind.Refused, $"cannot reach chronyd's command port {Describe(server)}: {e.Message}", e);
        }
    }

    // A closed port comes back as an ICMP error that poll() reports as POLLERR alone, which a
    // wait for readability does not see: look for it between short waits, so that a closed port
    // fails at once instead of after the whole timeout.
    private protected override bool WaitForReply(long deadline)
    {
        while (true)
        {
            long sliceEnd = Math.Min(deadline, Environment.TickCount64 + ErrorCheckMilliseconds);
            if (WaitUntil(sliceEnd, SelectMode.SelectRead) || Socket!.Poll(TimeSpan.Zero, SelectMode.SelectError))
            {
                return true;
            }
            if (Environment.TickCount64 >= deadline)
            {
                return false;
            }
        }
    }

    private protected override ChronyException ReceiveFailed(SocketException cause) =>
        cause.SocketErrorCode == SocketError.ConnectionRefused
            ? new(ChronyFailureKind.Refused,
                $"nothing listens on {Server} (chronyd is not running there, or its cmdport is another port or 0)", cause)
            : base.ReceiveFailed(cause);

    private static string Describe(IPEndPoint endPoint) => endPoint.ToString(); // [::1]:323 for IPv6
}
