using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

/// <summary>The reference server over a real UDP socket: its timestamps are the known clock, read within the round trip.</summary>
public sealed class ReferenceNtpServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void ItsReceiveAndTransmitTimestampsAreTheKnownClockInsideTheRoundTrip()
    {
        using ReferenceNtpServer server = ReferenceNtpServer.Start(KnownClock.StartingNow(offsetNanoseconds: 37_000_000, ratePpm: 25));
        using Socket client = Connect(server);

        long sent = RealtimeClock.Nanoseconds();
        byte[] reply = Exchange(client, origin: 0x1122_3344_5566_7788);
        long received = RealtimeClock.Nanoseconds();

        long receive = NtpPacket.FromNtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(32)));
        long transmit = NtpPacket.FromNtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(40)));
        Assert.Equal(0x1122_3344_5566_7788UL, BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(24)));
        Assert.InRange(receive, server.Clock.FloorAt(sent), transmit);
        Assert.InRange(transmit, receive, server.Clock.CeilingAt(received));
        Assert.Equal(1, reply[1]);
    }

    [Fact]
    public void WhileNotAnsweringItDropsRequestsAndAnswersTheNextOneAfter()
    {
        using ReferenceNtpServer server = ReferenceNtpServer.Start(KnownClock.StartingNow(offsetNanoseconds: 0));
        using Socket client = Connect(server);

        server.IsAnswering = false;
        client.Send(Request(origin: 1));
        Eventually.Satisfies(() => server.Dropped, n => n == 1, Patience, "the request dropped");

        server.IsAnswering = true;
        byte[] reply = Exchange(client, origin: 2);

        // The answer is to the second request: the first one was never answered.
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(24)));
        Assert.Equal(1, server.Answered);
        Assert.Null(server.Failure);
    }

    private static Socket Connect(ReferenceNtpServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Patience.TotalMilliseconds };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, server.Port));
        return socket;
    }

    private static byte[] Exchange(Socket client, ulong origin)
    {
        client.Send(Request(origin));
        byte[] reply = new byte[128];
        int length = client.Receive(reply);
        Assert.Equal(NtpPacket.HeaderLength, length);
        return reply[..length];
    }

    private static byte[] Request(ulong origin)
    {
        byte[] request = new byte[NtpPacket.HeaderLength];
        request[0] = (4 << 3) | 3;
        BinaryPrimitives.WriteUInt64BigEndian(request.AsSpan(40), origin);
        return request;
    }
}
