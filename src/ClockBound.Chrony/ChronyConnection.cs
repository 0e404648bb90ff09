using System.Globalization;
using System.Net.Sockets;
using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony;

/// <summary>
/// A client of chronyd's command socket (an <c>AF_UNIX</c> datagram socket, protocol version 6).
/// Owns its own bound socket file (<see cref="ClientSocketPath"/>), which it removes on
/// <see cref="Dispose"/>. Requests are synchronous and run one at a time; each waits at most
/// <see cref="Timeout"/> for its reply. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Opening also removes the socket files that killed processes of the same prefix left in that
/// directory (<c>PREFIX.PID.sock</c> sockets that no process, in any PID namespace, has bound any
/// more): a process killed with SIGKILL cannot remove its own, and nothing else would.
/// </para>
/// <para>
/// If chronyd restarts (a new socket at the same path), the next send fails on the old
/// association; the connection then rebinds and reconnects once and sends again, so a
/// long-lived connection survives chronyd restarts.
/// </para>
/// </remarks>
public sealed class ChronyConnection : IChronyControl, IDisposable
{
    // chronyd replies with sendto() to our bound path; sending to a Unix socket needs write
    // permission on its file. chronyd usually runs as its own user (_chrony), so the file must be
    // writable by others. That opens nothing: the file lives in chronyd's socket directory
    // (mode 0750/0770, chrony's), which only root and chrony can enter.
    private const UnixFileMode ClientSocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    // Larger than any reply (the biggest chronyd sends is a few hundred bytes), so foreign
    // datagrams are read whole and then discarded.
    private const int ReceiveBufferLength = 2048;
    private const int RequestBufferLength = 128;

    private readonly Lock _gate = new();
    private readonly byte[] _request = new byte[RequestBufferLength];
    private readonly byte[] _reply = new byte[ReceiveBufferLength];
    private readonly UnixDomainSocketEndPoint _serverEndPoint;
    private readonly string _timeoutText;
    private Socket? _socket; // null after a failed reconnect: the next request tries again
    private uint _sequence;
    private bool _disposed;

    private ChronyConnection(string serverSocketPath, string clientSocketPath, TimeSpan timeout)
    {
        ServerSocketPath = serverSocketPath;
        ClientSocketPath = clientSocketPath;
        Timeout = timeout;
        _timeoutText = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        _serverEndPoint = CreateEndPoint(serverSocketPath, "chronyd's command socket");
        _sequence = (uint)Random.Shared.NextInt64(0, 1L << 32);
        _socket = CreateSocket();
    }

    /// <summary>chronyd's command socket this connection sends to.</summary>
    public string ServerSocketPath { get; }

    /// <summary>This connection's own bound socket file, where chronyd sends its replies.</summary>
    public string ClientSocketPath { get; }

    /// <summary>How long one request waits for its reply.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Binds a client socket (<c>DIR/PREFIX.PID.sock</c>, or <c>DIR/PREFIX.PID.N.sock</c> when a live
    /// socket holds that name; a stale file there is replaced), makes it writable by chronyd, and
    /// connects it to <paramref name="serverSocketPath"/>. First removes the <c>DIR/PREFIX.PID.sock</c>
    /// sockets that nobody holds any more (best effort: what cannot be listed, probed or deleted
    /// stays, and never fails the open).
    /// </summary>
    /// <param name="serverSocketPath">chronyd's <c>bindcmdaddress</c>, e.g. <see cref="ChronySocketPaths.ResolveDefault"/>.</param>
    /// <param name="options">Where to bind and how long to wait; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ChronyException">
    /// The client socket cannot be bound, or chronyd's socket does not exist, refuses, or may not
    /// be written by this user; the message names the path, the inner exception is the cause.
    /// </exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ChronyConnection Open(string serverSocketPath, ChronyConnectionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverSocketPath);
        options ??= new ChronyConnectionOptions();
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Timeout, "Timeout must be positive and at most 10 minutes.");
        }

        string prefix = options.ClientSocketPrefix;
        if (string.IsNullOrEmpty(prefix) || prefix.Contains('/') || prefix.Contains('\0'))
        {
            throw new ArgumentException(
                $"ClientSocketPrefix must be a non-empty file name without '/' (got \"{prefix}\").", nameof(options));
        }

        string directory = options.ClientSocketDirectory
            ?? Path.GetDirectoryName(Path.GetFullPath(serverSocketPath))
            ?? "/";
        StaleClientSockets.Remove(directory, prefix);
        string clientPath = ClientSocketReservations.Reserve(directory, prefix);
        try
        {
            return new ChronyConnection(serverSocketPath, clientPath, options.Timeout);
        }
        catch
        {
            ClientSocketReservations.Release(clientPath);
            throw;
        }
    }

    /// <inheritdoc />
    public TrackingReport GetTracking()
    {
        lock (_gate)
        {
            uint sequence = NextSequence();
            int length = TrackingMessage.WriteRequest(_request, sequence);
            ReadOnlySpan<byte> reply = Exchange(
                TrackingMessage.Command, length, sequence, TrackingMessage.ReplyCode, TrackingMessage.ReplyLength);
            return TrackingMessage.ReadReply(reply);
        }
    }

    /// <inheritdoc />
    public void ResetSources()
    {
        lock (_gate)
        {
            uint sequence = NextSequence();
            int length = ResetSourcesMessage.WriteRequest(_request, sequence);
            Exchange(
                ResetSourcesMessage.Command, length, sequence, ResetSourcesMessage.ReplyCode, ResetSourcesMessage.ReplyLength);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">Not 1 ≤ <paramref name="goodSamples"/> ≤ <paramref name="totalSamples"/>.</exception>
    public void Burst(int goodSamples, int totalSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(goodSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSamples, goodSamples);
        lock (_gate)
        {
            uint sequence = NextSequence();
            int length = BurstMessage.WriteRequest(_request, sequence, goodSamples, totalSamples);
            Exchange(BurstMessage.Command, length, sequence, BurstMessage.ReplyCode, BurstMessage.ReplyLength);
        }
    }

    /// <summary>N_SOURCES: how many sources (servers, peers, reference clocks) chronyd has.</summary>
    /// <exception cref="ChronyException">No valid reply within the timeout, or chronyd answered with an error status.</exception>
    public int GetSourceCount()
    {
        lock (_gate)
        {
            uint sequence = NextSequence();
            int length = NSourcesMessage.WriteRequest(_request, sequence);
            ReadOnlySpan<byte> reply = Exchange(
                NSourcesMessage.Command, length, sequence, NSourcesMessage.ReplyCode, NSourcesMessage.ReplyLength);
            return NSourcesMessage.ReadReply(reply);
        }
    }

    /// <summary>SOURCE_DATA: the state of source <paramref name="index"/> (0 ≤ index &lt; <see cref="GetSourceCount"/>).</summary>
    /// <exception cref="ChronyException">
    /// No valid reply within the timeout, or an error status (NOSUCHSOURCE for an index past the end).
    /// </exception>
    public SourceReport GetSourceData(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        lock (_gate)
        {
            uint sequence = NextSequence();
            int length = SourceDataMessage.WriteRequest(_request, sequence, index);
            ReadOnlySpan<byte> reply = Exchange(
                SourceDataMessage.Command, length, sequence, SourceDataMessage.ReplyCode, SourceDataMessage.ReplyLength);
            return SourceDataMessage.ReadReply(reply);
        }
    }

    /// <summary>Closes the socket and removes <see cref="ClientSocketPath"/>. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _socket?.Dispose();
            SocketFileProbe.TryRemoveAbandoned(ClientSocketPath); // best effort: the next Open replaces a stale one anyway
            ClientSocketReservations.Release(ClientSocketPath);
        }
    }

    /// <summary>
    /// Sends a request of <paramref name="requestLength"/> bytes (header only, zero body) without
    /// the padding rule, and validates the reply as a TRACKING reply. For tests that check how
    /// chronyd treats a short request.
    /// </summary>
    internal void SendUnpaddedTracking(int requestLength)
    {
        lock (_gate)
        {
            uint sequence = NextSequence();
            int length = RequestHeader.Write(_request, ChronyCommand.Tracking, sequence, requestLength);
            Exchange(ChronyCommand.Tracking, length, sequence, TrackingMessage.ReplyCode, TrackingMessage.ReplyLength);
        }
    }

    /// <summary>
    /// Sends <c>_request[..requestLength]</c> and waits for its reply: datagrams that are not a
    /// reply to this command and sequence (foreign, late, short) are discarded until the timeout.
    /// Sending counts against the same timeout.
    /// </summary>
    private ReadOnlySpan<byte> Exchange(
        ChronyCommand command, int requestLength, uint sequence, ChronyReplyCode replyCode, int replyLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long deadline = Environment.TickCount64 + (long)Math.Ceiling(Timeout.TotalMilliseconds);
        Send(command, requestLength, deadline);

        while (true)
        {
            if (!WaitUntil(deadline, SelectMode.SelectRead))
            {
                throw new ChronyException(
                    $"no reply from chronyd at {ServerSocketPath} within {_timeoutText} ({ChronyStatusNames.CommandName(command)} request)");
            }

            int received = _socket!.Receive(_reply, SocketFlags.None, out SocketError error);
            if (error is SocketError.WouldBlock or SocketError.MessageSize)
            {
                continue; // nothing after all, or an oversized datagram chronyd never sends: discard
            }

            if (error != SocketError.Success)
            {
                var cause = new SocketException((int)error);
                throw new ChronyException(
                    $"cannot receive from chronyd at {ServerSocketPath} on {ClientSocketPath}: {cause.Message}", cause);
            }

            ReadOnlySpan<byte> reply = _reply.AsSpan(0, received);
            if (!ReplyHeader.IsReplyTo(reply, command, sequence))
            {
                continue;
            }

            ReplyHeader.Validate(reply, command, replyCode, replyLength, ServerSocketPath);
            return reply;
        }
    }

    /// <summary>Polls the socket until it is ready or the deadline passes.</summary>
    private bool WaitUntil(long deadline, SelectMode mode)
    {
        long remainingMs = deadline - Environment.TickCount64;
        if (remainingMs <= 0)
        {
            return false;
        }

        try
        {
            return _socket!.Poll(TimeSpan.FromMilliseconds(remainingMs), mode);
        }
        catch (SocketException e)
        {
            throw new ChronyException(
                $"cannot wait for chronyd at {ServerSocketPath} on {ClientSocketPath}: {e.Message}", e);
        }
    }

    private void Send(ChronyCommand command, int requestLength, long deadline)
    {
        ReadOnlySpan<byte> request = _request.AsSpan(0, requestLength);
        if (_socket is not null)
        {
            SocketError first = TrySend(request, deadline);
            if (first == SocketError.Success)
            {
                return;
            }

            if (first == SocketError.WouldBlock)
            {
                throw NotReading(command);
            }

            // Most likely chronyd restarted: our socket is still associated with the old one
            // (ECONNREFUSED) or the kernel dropped the association (ENOTCONN). Reconnect once.
            _socket.Dispose(); // first: disposing also removes the bound file, which the new socket reuses
            _socket = null;
        }

        _socket = CreateSocket();
        SocketError error = TrySend(request, deadline);
        if (error == SocketError.WouldBlock)
        {
            throw NotReading(command);
        }

        if (error != SocketError.Success)
        {
            var cause = new SocketException((int)error);
            throw new ChronyException(
                $"cannot send {ChronyStatusNames.CommandName(command)} to chronyd at {ServerSocketPath}: {cause.Message}", cause);
        }
    }

    // The socket is non-blocking: a datagram socket's send blocks while the receiver's queue is
    // full (a hung chronyd), and the daemon's loop must never wait past its timeout.
    private SocketError TrySend(ReadOnlySpan<byte> request, long deadline)
    {
        while (true)
        {
            _socket!.Send(request, SocketFlags.None, out SocketError error);
            if (error != SocketError.WouldBlock)
            {
                return error;
            }

            if (!WaitUntil(deadline, SelectMode.SelectWrite))
            {
                return SocketError.WouldBlock;
            }
        }
    }

    private ChronyException NotReading(ChronyCommand command) =>
        new($"chronyd at {ServerSocketPath} is not reading its requests (its queue is full): "
            + $"{ChronyStatusNames.CommandName(command)} not sent within {_timeoutText}");

    private uint NextSequence() => unchecked(++_sequence);

    private Socket CreateSocket()
    {
        UnixDomainSocketEndPoint clientEndPoint = CreateEndPoint(ClientSocketPath, "client socket");
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        bool bound = false;
        try
        {
            StaleClientSockets.ClearForBind(ClientSocketPath);
            try
            {
                socket.Bind(clientEndPoint);
                bound = true;
                File.SetUnixFileMode(ClientSocketPath, ClientSocketMode);
            }
            catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
            {
                throw new ChronyException(
                    $"cannot create the client socket {ClientSocketPath} for chronyd at {ServerSocketPath}: {e.Message}"
                    + " (the process must be able to write to that directory: run as root or chronyd's user, or set ClientSocketDirectory)",
                    e);
            }

            try
            {
                socket.Connect(_serverEndPoint);
                socket.Blocking = false;
            }
            catch (SocketException e)
            {
                throw new ChronyException(
                    $"cannot connect to chronyd's command socket {ServerSocketPath}: {DescribeConnectError(ServerSocketPath, e)}", e);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            if (bound)
            {
                SocketFileProbe.TryRemoveAbandoned(ClientSocketPath);
            }

            throw;
        }
    }

    // The runtime's text for ENOENT is "Cannot assign requested address", which misleads: say
    // what an operator needs to know instead.
    private static string DescribeConnectError(string serverPath, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AccessDenied => "permission denied (run as root or chronyd's user)",
        SocketError.ConnectionRefused => "connection refused: a stale socket file, chronyd is not running",
        _ when !File.Exists(serverPath) => "no such socket (is chronyd running, with this bindcmdaddress?)",
        _ => e.Message,
    };

    private static UnixDomainSocketEndPoint CreateEndPoint(string path, string what)
    {
        try
        {
            return new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentException e)
        {
            throw new ChronyException($"cannot use {path} as {what}: {e.Message}", e);
        }
    }
}
