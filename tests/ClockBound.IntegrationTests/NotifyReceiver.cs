using System.Net.Sockets;
using System.Text;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>The test's end of NOTIFY_SOCKET: every datagram received, in order.</summary>
internal sealed class NotifyReceiver : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly List<string> _messages = [];
    private int _taken;

    private NotifyReceiver(Socket socket, string path)
    {
        _socket = socket;
        Path = path;
        _thread = new Thread(Receive) { IsBackground = true, Name = "notify receiver" };
        _thread.Start();
    }

    public string Path { get; }

    /// <summary>Whether every datagram the socket received is in <see cref="Messages"/> (none queued, none being stored).</summary>
    public bool Settled
    {
        get
        {
            lock (_messages)
            {
                return _socket.Available == 0 && Volatile.Read(ref _taken) == _messages.Count;
            }
        }
    }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public static NotifyReceiver Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return new NotifyReceiver(socket, path);
    }

    public string WaitFor(Func<string, bool> match, string what, DaemonProcess daemon) =>
        WaitUntil(r => r.Messages.FirstOrDefault(match), m => m is not null, what, daemon)!;

    public int WaitUntil(Func<NotifyReceiver, bool> condition, string what, DaemonProcess daemon) =>
        WaitUntil(r => r.Messages.Count, _ => condition(this), what, daemon);

    private T WaitUntil<T>(Func<NotifyReceiver, T> probe, Func<T, bool> condition, string what, DaemonProcess daemon)
    {
        try
        {
            return Eventually.Satisfies(() => probe(this), condition, DaemonUnderTest.Patience, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"{e.Message}\nreceived: {string.Join(" | ", Messages).Replace("\n", "\\n", StringComparison.Ordinal)}\ndaemon output:\n{daemon.Output}", e);
        }
    }

    private void Receive()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int length = _socket.Receive(buffer);
                Interlocked.Increment(ref _taken);
                lock (_messages)
                {
                    _messages.Add(Encoding.UTF8.GetString(buffer, 0, length));
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
