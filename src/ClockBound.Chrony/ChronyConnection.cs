using System.Net.Sockets;
using ClockBound.Chrony.Protocol;
using ClockBound.Interop;

namespace ClockBound.Chrony;

/// <summary>
/// A client of chronyd's command socket (an <c>AF_UNIX</c> datagram socket, protocol version 6):
/// every command, including the control commands (RESET_SOURCES, BURST) that chronyd accepts
/// only here. Owns its own bound socket file (<see cref="ClientSocketPath"/>), which it removes on
/// <see cref="ChronyClient.Dispose"/>. Requests are synchronous and run one at a time; each waits at most
/// <see cref="ChronyClient.Timeout"/> for its reply. Thread-safe.
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
public sealed class ChronyConnection : ChronyClient, IChronyControl
{
    // chronyd replies with sendto() to our bound path; sending to a Unix socket needs write
    // permission on its file. chronyd usually runs as its own user (_chrony), so the file must be
    // writable by others. That opens nothing: the file lives in chronyd's socket directory
    // (mode 0750/0770, chrony's), which only root and chrony can enter.
    private const UnixFileMode ClientSocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private readonly UnixDomainSocketEndPoint _serverEndPoint;

    private ChronyConnection(string serverSocketPath, string clientSocketPath, TimeSpan timeout)
        : base(serverSocketPath, timeout)
    {
        ClientSocketPath = clientSocketPath;
        _serverEndPoint = CreateEndPoint(serverSocketPath, "chronyd's command socket");
        Socket = CreateSocket();
    }

    /// <inheritdoc />
    public override ChronyTransport Transport => ChronyTransport.UnixSocket;

    /// <summary>chronyd's command socket this connection sends to (<see cref="ChronyClient.Server"/>).</summary>
    public string ServerSocketPath => Server;

    /// <summary>This connection's own bound socket file, where chronyd sends its replies.</summary>
    public string ClientSocketPath { get; }

    /// <inheritdoc />
    private protected override string LocalName => ClientSocketPath;

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
    /// The client socket cannot be bound, or chronyd's socket (or its directory) does not exist,
    /// refuses, or may not be reached by this user; the message names the path and the cause,
    /// <see cref="ChronyException.Kind"/> classifies it.
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

        // Before touching its directory: as a user who may not enter it, every step below would
        // fail with a message about our own socket instead of the real cause.
        if (ChronySocketDiagnosis.Diagnose(serverSocketPath, FileStatus.LookupErrno) is ChronyException unreachable)
        {
            throw unreachable;
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
    public void ResetSources()
    {
        lock (Gate)
        {
            uint sequence = NextSequence();
            int length = ResetSourcesMessage.WriteRequest(Request, sequence);
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
        lock (Gate)
        {
            uint sequence = NextSequence();
            int length = BurstMessage.WriteRequest(Request, sequence, goodSamples, totalSamples);
            Exchange(BurstMessage.Command, length, sequence, BurstMessage.ReplyCode, BurstMessage.ReplyLength);
        }
    }

    /// <summary>
    /// Sends a request of <paramref name="requestLength"/> bytes (header only, zero body) without
    /// the padding rule, and validates the reply as a TRACKING reply. For tests that check how
    /// chronyd treats a short request.
    /// </summary>
    internal void SendUnpaddedTracking(int requestLength)
    {
        lock (Gate)
        {
            uint sequence = NextSequence();
            int length = RequestHeader.Write(Request, ChronyCommand.Tracking, sequence, requestLength);
            Exchange(ChronyCommand.Tracking, length, sequence, TrackingMessage.ReplyCode, TrackingMessage.ReplyLength);
        }
    }

    /// <summary>Removes <see cref="ClientSocketPath"/> once the socket is closed.</summary>
    private protected override void OnDisposed()
    {
        SocketFileProbe.TryRemoveAbandoned(ClientSocketPath); // best effort: the next Open replaces a stale one anyway
        ClientSocketReservations.Release(ClientSocketPath);
    }

    private protected override void Send(ChronyCommand command, ReadOnlySpan<byte> request, long deadline)
    {
        if (Socket is not null)
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
            Socket.Dispose(); // first: disposing also removes the bound file, which the new socket reuses
            Socket = null;
        }

        Socket = CreateSocket();
        base.Send(command, request, deadline);
    }

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
                throw ChronySocketDiagnosis.BindFailed(ClientSocketPath, ServerSocketPath, e);
            }

            try
            {
                socket.Connect(_serverEndPoint);
                socket.Blocking = false;
            }
            catch (SocketException e)
            {
                throw ChronySocketDiagnosis.ConnectFailed(ServerSocketPath, e);
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
