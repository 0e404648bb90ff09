using System.Net;
using System.Net.Sockets;

namespace ClockBound.TestSupport;

/// <summary>
/// A small NTPv4 server (mode 4, UDP on 127.0.0.1, a port the kernel picks) that serves a
/// <see cref="KnownClock"/>: both its receive and its transmit timestamps are T read at that
/// moment, so it is a consistent reference whose true time the test knows exactly. It can stop
/// answering (requests are read and dropped) to make its clients lose it. Dispose stops it.
/// </summary>
public sealed class ReferenceNtpServer : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private volatile bool _answering = true;
    private volatile bool _disposed;
    private long _answered;
    private long _dropped;
    private volatile Exception? _failure;

    private ReferenceNtpServer(KnownClock clock, NtpServerIdentity identity, Socket socket)
    {
        Clock = clock;
        Identity = identity;
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _thread = new Thread(Serve) { IsBackground = true, Name = $"NTP server :{Port}" };
    }

    /// <summary>The clock it serves (true time for the test).</summary>
    public KnownClock Clock { get; }

    /// <summary>What it says about itself.</summary>
    public NtpServerIdentity Identity { get; }

    /// <summary>Its UDP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The chrony.conf line that makes a chronyd poll it every 0.25–1 s.</summary>
    public string ChronyServerLine => $"server 127.0.0.1 port {Port} iburst minpoll -2 maxpoll 0";

    /// <summary>Requests answered so far.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Requests dropped while not answering.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether it answers requests (true at start); false drops them, as a lost server would.</summary>
    public bool IsAnswering
    {
        get => _answering;
        set => _answering = value;
    }

    /// <summary>What stopped the serving thread, other than Dispose; null while it serves.</summary>
    public Exception? Failure => _failure;

    /// <summary>Binds 127.0.0.1 on a free UDP port and starts answering with <paramref name="clock"/>.</summary>
    public static ReferenceNtpServer Start(KnownClock clock, NtpServerIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var server = new ReferenceNtpServer(clock, identity ?? NtpServerIdentity.PrimaryReference, socket);
        server._thread.Start();
        return server;
    }

    /// <summary>Closes the socket and waits for the serving thread to end.</summary>
    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    /// <inheritdoc/>
    public override string ToString() => $"NTP server 127.0.0.1:{Port} ({Clock}; answered {Answered}, dropped {Dropped})";

    private void Serve()
    {
        byte[] request = new byte[1024];
        byte[] reply = new byte[NtpPacket.HeaderLength];
        EndPoint anyone = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!_disposed)
            {
                EndPoint sender = anyone;
                int length;
                try
                {
                    length = _socket.ReceiveFrom(request, ref sender);
                }
                catch (SocketException e) when (!_disposed && e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                {
                    continue; // an ICMP error for a reply to a client that has gone (chronyd restarted)
                }

                // Read the clock first thing: a late receive timestamp stays inside the round trip.
                long received = Clock.FloorAt(RealtimeClock.Nanoseconds());
                ReadOnlySpan<byte> datagram = request.AsSpan(0, length);
                if (!NtpPacket.IsClientRequest(datagram))
                {
                    continue;
                }

                if (!_answering)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                NtpPacket.WriteServerReply(datagram, reply, Identity, received);
                NtpPacket.WriteTransmitTimestamp(reply, Clock.CeilingAt(RealtimeClock.Nanoseconds()));
                _socket.SendTo(reply, sender);
                Interlocked.Increment(ref _answered);
            }
        }
        catch (Exception e) when (_disposed && e is SocketException or ObjectDisposedException)
        {
            // Dispose closed the socket under ReceiveFrom.
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }
}
