using System.Globalization;
using System.Net.Sockets;
using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony;

/// <summary>
/// A client of chronyd's command protocol over a connected datagram socket it owns: the
/// monitoring requests every transport allows (TRACKING, N_SOURCES, SOURCE_DATA). Requests are
/// synchronous and run one at a time; each waits at most <see cref="Timeout"/> for its reply.
/// Thread-safe. <see cref="ChronyConnection"/> (the Unix socket) and
/// <see cref="ChronyUdpConnection"/> (the UDP command port) are the transports.
/// </summary>
public abstract class ChronyClient : IDisposable
{
    // Larger than any reply (the biggest chronyd sends is a few hundred bytes), so foreign
    // datagrams are read whole and then discarded.
    private const int ReceiveBufferLength = 2048;
    private const int RequestBufferLength = 128;

    private readonly byte[] _reply = new byte[ReceiveBufferLength];
    private readonly string _timeoutText;
    private uint _sequence;
    private bool _disposed;

    private protected ChronyClient(string server, TimeSpan timeout)
    {
        Server = server;
        Timeout = timeout;
        _timeoutText = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        _sequence = (uint)Random.Shared.NextInt64(0, 1L << 32);
    }

    /// <summary>Which transport this is.</summary>
    public abstract ChronyTransport Transport { get; }

    /// <summary>Where chronyd is: its socket path, or <c>ADDRESS:PORT</c> (<c>127.0.0.1:323</c>, <c>[::1]:323</c>).</summary>
    public string Server { get; }

    /// <summary>How long one request waits for its reply.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>One request at a time.</summary>
    private protected Lock Gate { get; } = new();

    /// <summary>The request being built (under <see cref="Gate"/>).</summary>
    private protected byte[] Request { get; } = new byte[RequestBufferLength];

    /// <summary>The socket; null after a failed reconnect (the next request tries again).</summary>
    private protected Socket? Socket { get; set; }

    /// <summary>Our end, for messages: the client socket path, or the local address.</summary>
    private protected abstract string LocalName { get; }

    /// <summary>Asks for the TRACKING report.</summary>
    /// <exception cref="ChronyException">No valid reply within the timeout, or chronyd answered with an error status.</exception>
    public TrackingReport GetTracking()
    {
        lock (Gate)
        {
            uint sequence = NextSequence();
            int length = TrackingMessage.WriteRequest(Request, sequence);
            ReadOnlySpan<byte> reply = Exchange(
                TrackingMessage.Command, length, sequence, TrackingMessage.ReplyCode, TrackingMessage.ReplyLength);
            return TrackingMessage.ReadReply(reply);
        }
    }

    /// <summary>N_SOURCES: how many sources (servers, peers, reference clocks) chronyd has.</summary>
    /// <exception cref="ChronyException">No valid reply within the timeout, or chronyd answered with an error status.</exception>
    public int GetSourceCount()
    {
        lock (Gate)
        {
            uint sequence = NextSequence();
            int length = NSourcesMessage.WriteRequest(Request, sequence);
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
        lock (Gate)
        {
            uint sequence = NextSequence();
            int length = SourceDataMessage.WriteRequest(Request, sequence, index);
            ReadOnlySpan<byte> reply = Exchange(
                SourceDataMessage.Command, length, sequence, SourceDataMessage.ReplyCode, SourceDataMessage.ReplyLength);
            return SourceDataMessage.ReadReply(reply);
        }
    }

    /// <summary>Closes the socket (and whatever the transport owns besides). Idempotent.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Socket?.Dispose();
            OnDisposed();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the transport owns besides the socket (under <see cref="Gate"/>, once).</summary>
    private protected virtual void OnDisposed()
    {
    }

    private protected uint NextSequence() => unchecked(++_sequence);

    /// <summary>
    /// Sends <c>Request[..requestLength]</c> and waits for its reply: datagrams that are not a
    /// reply to this command and sequence (foreign, late, short) are discarded until the timeout.
    /// Sending counts against the same timeout.
    /// </summary>
    private protected ReadOnlySpan<byte> Exchange(
        ChronyCommand command, int requestLength, uint sequence, ChronyReplyCode replyCode, int replyLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long deadline = Environment.TickCount64 + (long)Math.Ceiling(Timeout.TotalMilliseconds);
        Send(command, Request.AsSpan(0, requestLength), deadline);

        while (true)
        {
            if (!WaitForReply(deadline))
            {
                throw new ChronyException(
                    ChronyFailureKind.Timeout,
                    $"no reply from chronyd at {Server} within {_timeoutText} ({ChronyStatusNames.CommandName(command)} request)");
            }

            int received = Socket!.Receive(_reply, SocketFlags.None, out SocketError error);
            if (error is SocketError.WouldBlock or SocketError.MessageSize)
            {
                continue; // nothing after all, or an oversized datagram chronyd never sends: discard
            }

            if (error != SocketError.Success)
            {
                throw ReceiveFailed(new SocketException((int)error));
            }

            ReadOnlySpan<byte> reply = _reply.AsSpan(0, received);
            if (!ReplyHeader.IsReplyTo(reply, command, sequence))
            {
                continue;
            }

            ReplyHeader.Validate(reply, command, replyCode, replyLength, Server);
            return reply;
        }
    }

    /// <summary>Sends one request; the transport may reconnect once (see <see cref="ChronyConnection"/>).</summary>
    private protected virtual void Send(ChronyCommand command, ReadOnlySpan<byte> request, long deadline)
    {
        SocketError error = TrySend(request, deadline);
        if (error == SocketError.WouldBlock)
        {
            throw NotReading(command);
        }

        if (error != SocketError.Success)
        {
            throw SendFailed(command, new SocketException((int)error));
        }
    }

    /// <summary>A receive error (for UDP, ECONNREFUSED: the port is closed).</summary>
    private protected virtual ChronyException ReceiveFailed(SocketException cause) => new(
        cause.SocketErrorCode == SocketError.ConnectionRefused ? ChronyFailureKind.Refused : ChronyFailureKind.Other,
        $"cannot receive from chronyd at {Server} on {LocalName}: {cause.Message}",
        cause);

    /// <summary>A send error after which the request is not retried.</summary>
    private protected ChronyException SendFailed(ChronyCommand command, SocketException cause) => new(
        cause.SocketErrorCode == SocketError.ConnectionRefused ? ChronyFailureKind.Refused : ChronyFailureKind.Other,
        $"cannot send {ChronyStatusNames.CommandName(command)} to chronyd at {Server}: {cause.Message}",
        cause);

    // The socket is non-blocking: a datagram socket's send blocks while the receiver's queue is
    // full (a hung chronyd), and the daemon's loop must never wait past its timeout.
    private protected SocketError TrySend(ReadOnlySpan<byte> request, long deadline)
    {
        while (true)
        {
            Socket!.Send(request, SocketFlags.None, out SocketError error);
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

    private protected ChronyException NotReading(ChronyCommand command) =>
        new(ChronyFailureKind.Timeout,
            $"chronyd at {Server} is not reading its requests (its queue is full): "
            + $"{ChronyStatusNames.CommandName(command)} not sent within {_timeoutText}");

    /// <summary>Waits until a datagram (or a receive error) is ready, or the deadline passes.</summary>
    private protected virtual bool WaitForReply(long deadline) => WaitUntil(deadline, SelectMode.SelectRead);

    /// <summary>Polls the socket until it is ready or the deadline passes.</summary>
    private protected bool WaitUntil(long deadline, SelectMode mode)
    {
        long remainingMs = deadline - Environment.TickCount64;
        if (remainingMs <= 0)
        {
            return false;
        }

        try
        {
            return Socket!.Poll(TimeSpan.FromMilliseconds(remainingMs), mode);
        }
        catch (SocketException e)
        {
            throw new ChronyException($"cannot wait for chronyd at {Server} on {LocalName}: {e.Message}", e);
        }
    }
}
