using System.Buffers.Binary;
using System.Net.Sockets;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>
/// A datagram socket standing in for chronyd's command socket, for unit tests of the
/// connection's timeout and filtering logic: it receives requests and sends whatever the test
/// scripts to the client's socket path.
/// </summary>
internal sealed class FakeChronyServer : IDisposable
{
    private readonly TempDirectory _directory;
    private Socket _socket;

    private FakeChronyServer(TempDirectory directory)
    {
        _directory = directory;
        _socket = Bind(SocketPath);
    }

    public string Directory => _directory.Path;

    public string SocketPath => _directory.Combine("chronyd.sock");

    public static FakeChronyServer Start() => new(TempDirectory.Create("clockbound-fakechrony-"));

    /// <summary>Sequence number of a request datagram.</summary>
    public static uint SequenceOf(byte[] request) => BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(8));

    /// <summary>Waits for the next request.</summary>
    public byte[] ReceiveRequest(TimeSpan? timeout = null)
    {
        if (!_socket.Poll(timeout ?? TimeSpan.FromSeconds(10), SelectMode.SelectRead))
        {
            throw new TimeoutException("fake chronyd: no request arrived");
        }

        var buffer = new byte[4096];
        int length = _socket.Receive(buffer);
        return buffer[..length];
    }

    /// <summary>Sends a datagram to a client's bound socket.</summary>
    public void SendTo(string clientSocketPath, byte[] datagram) =>
        _socket.SendTo(datagram, new UnixDomainSocketEndPoint(clientSocketPath));

    /// <summary>
    /// On a background thread: for each of <paramref name="requests"/> requests, sends the
    /// datagrams <paramref name="respond"/> returns for it. The task faults if a request is missing.
    /// </summary>
    public Task Serve(string clientSocketPath, Func<byte[], IEnumerable<byte[]>> respond, int requests = 1) =>
        Task.Factory.StartNew(
            () =>
            {
                for (int i = 0; i < requests; i++)
                {
                    byte[] request = ReceiveRequest();
                    foreach (byte[] datagram in respond(request))
                    {
                        SendTo(clientSocketPath, datagram);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>Closes the socket and binds a new one at the same path: what a chronyd restart looks like.</summary>
    public void Restart()
    {
        _socket.Dispose(); // also removes the socket file
        _socket = Bind(SocketPath);
    }

    /// <summary>Closes the socket (its file is removed): chronyd has gone.</summary>
    public void Close() => _socket.Dispose();

    public void Dispose()
    {
        _socket.Dispose();
        _directory.Dispose();
    }

    private static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
