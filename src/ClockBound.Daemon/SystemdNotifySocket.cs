using System.Net.Sockets;

namespace ClockBound.Daemon;

/// <summary>
/// systemd's notification socket (<c>$NOTIFY_SOCKET</c>): a Unix datagram socket, connected once,
/// sent to without blocking. An address starting with <c>@</c> is in the abstract namespace.
/// </summary>
internal sealed class SystemdNotifySocket : INotifyTransport
{
    private readonly Socket _socket;

    private SystemdNotifySocket(Socket socket) => _socket = socket;

    /// <summary>The address the socket is connected to, as <c>$NOTIFY_SOCKET</c> gave it.</summary>
    public required string Address { get; init; }

    /// <summary>Connects to <paramref name="address"/>; throws <see cref="SocketException"/> when it cannot be reached.</summary>
    public static SystemdNotifySocket Connect(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        // .NET names an abstract address with a leading NUL; systemd writes it with '@'.
        string path = address[0] == '@' ? "\0" + address[1..] : address;
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            // A full receive queue must never stall the loop: the datagram is dropped instead.
            socket.Blocking = false;
            return new SystemdNotifySocket(socket) { Address = address };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> datagram)
    {
        // The SocketError overload reports a failure instead of throwing (and allocating).
        _socket.Send(datagram, SocketFlags.None, out SocketError _);
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
