using System.Net.Sockets;
using System.Text;
using ClockBound.TestSupport;

namespace ClockBound.Daemon.Tests;

/// <summary>The notification socket against a real Unix datagram socket in a temp directory.</summary>
public sealed class SystemdNotifySocketTests
{
    [Fact]
    public void SendsDatagramsAndNeitherBlocksNorAllocatesWhenTheQueueIsFull()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-notify-unit-");
        string path = directory.Combine("notify");
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint(path));
        using SystemdNotifySocket socket = SystemdNotifySocket.Connect(path);
        byte[] datagram = "WATCHDOG=1"u8.ToArray();

        socket.Send(datagram);
        var buffer = new byte[64];
        int length = receiver.Receive(buffer);
        Assert.Equal("WATCHDOG=1", Encoding.UTF8.GetString(buffer, 0, length));

        // Nobody reads: the queue fills, and later sends are dropped without blocking or throwing.
        for (int i = 0; i < 1_000; i++)
        {
            socket.Send(datagram);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            socket.Send(datagram);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AbstractAddressesAreReached()
    {
        string name = $"clockbound-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using SystemdNotifySocket socket = SystemdNotifySocket.Connect("@" + name);

        socket.Send("READY=1"u8);
        var buffer = new byte[64];
        Assert.Equal("READY=1", Encoding.UTF8.GetString(buffer, 0, receiver.Receive(buffer)));
    }

    [Fact]
    public void MissingSocketThrowsSocketException()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-notify-unit-");
        Assert.ThrowsAny<SocketException>(() => SystemdNotifySocket.Connect(directory.Combine("absent")));
    }
}
