using System.Buffers.Binary;
using System.Net.Sockets;

namespace ClockBound.TestSupport;

/// <summary>
/// Feeds a chronyd <c>refclock SOCK PATH</c> source, standing in for a hardware reference clock
/// (a PHC on EC2): datagrams of chronyd's <c>struct sock_sample</c> sent to the socket chronyd
/// binds at PATH. <see cref="Start"/> sends one sample every interval from a background thread
/// until disposed; <see cref="Send"/> sends one.
/// </summary>
/// <remarks>
/// The sample, 40 bytes in host byte order on 64-bit Linux: <c>struct timeval</c> (i64 seconds,
/// i64 microseconds: the system time of the measurement), <c>double offset</c> (reference minus
/// system time, seconds), <c>int pulse</c> (0: the sample carries whole seconds),
/// <c>int leap</c> (0: no leap second), <c>int _pad</c>, <c>int magic</c> 0x534f434b ("SOCK").
/// chronyd drops datagrams of another length or magic.
/// </remarks>
public sealed class SockRefclock : IDisposable
{
    /// <summary>Bytes of one <c>struct sock_sample</c> on a 64-bit system.</summary>
    public const int SampleLength = 40;

    /// <summary>The <c>magic</c> field chronyd checks.</summary>
    public const int SampleMagic = 0x534f434b;

    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private int _sent;
    private int _failed;
    private string? _lastError;

    private SockRefclock(string socketPath)
    {
        SocketPath = socketPath;
        _endPoint = new UnixDomainSocketEndPoint(socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>chronyd's refclock socket the samples go to.</summary>
    public string SocketPath { get; }

    /// <summary>Samples chronyd accepted into its socket so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Sends that failed (e.g. before chronyd created the socket); see <see cref="LastError"/>.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Why the last failed send failed, or null.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>A sender that sends only when asked (<see cref="Send"/>).</summary>
    public static SockRefclock Open(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        return new SockRefclock(socketPath);
    }

    /// <summary>
    /// Starts sending a sample with <paramref name="offsetSeconds"/> every <paramref name="interval"/>
    /// (stamped with the current system time) until disposed. Failed sends are counted, not thrown.
    /// </summary>
    public static SockRefclock Start(string socketPath, TimeSpan interval, double offsetSeconds = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        SockRefclock refclock = Open(socketPath);
        refclock._thread = new Thread(() => refclock.SendEvery(interval, offsetSeconds))
        {
            IsBackground = true,
            Name = "SockRefclock " + socketPath,
        };
        refclock._thread.Start();
        return refclock;
    }

    /// <summary>Sends one sample stamped now; returns whether chronyd's socket took it.</summary>
    public bool Send(double offsetSeconds = 0)
    {
        Span<byte> sample = stackalloc byte[SampleLength];
        Encode(DateTimeOffset.UtcNow, offsetSeconds, sample);
        try
        {
            lock (_gate)
            {
                _socket.SendTo(sample, SocketFlags.None, _endPoint);
            }
            Interlocked.Increment(ref _sent);
            return true;
        }
        catch (SocketException e)
        {
            // chronyd not started yet, or restarting: its socket is missing or refuses.
            Interlocked.Increment(ref _failed);
            lock (_gate)
            {
                _lastError = $"{e.SocketErrorCode}: {e.Message}";
            }
            return false;
        }
    }

    /// <summary>
    /// Encodes one <c>struct sock_sample</c> for a measurement at <paramref name="systemTime"/>
    /// (microsecond precision, as in a <c>struct timeval</c>).
    /// </summary>
    public static void Encode(DateTimeOffset systemTime, double offsetSeconds, Span<byte> sample)
    {
        if (sample.Length < SampleLength)
        {
            throw new ArgumentException($"a sample needs {SampleLength} bytes", nameof(sample));
        }
        // DateTimeOffset.UtcNow reads CLOCK_REALTIME on Linux, to 100 ns: the system time chronyd compares with.
        long microseconds = (systemTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        long seconds = Math.DivRem(microseconds, 1_000_000, out long fraction);
        BinaryPrimitives.WriteInt64LittleEndian(sample[0..], seconds);
        BinaryPrimitives.WriteInt64LittleEndian(sample[8..], fraction);
        BinaryPrimitives.WriteDoubleLittleEndian(sample[16..], offsetSeconds);
        BinaryPrimitives.WriteInt32LittleEndian(sample[24..], 0); // pulse
        BinaryPrimitives.WriteInt32LittleEndian(sample[28..], 0); // leap
        BinaryPrimitives.WriteInt32LittleEndian(sample[32..], 0); // _pad
        BinaryPrimitives.WriteInt32LittleEndian(sample[36..], SampleMagic);
    }

    /// <summary>Stops the sending thread and closes the socket.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        _socket.Dispose();
        _stop.Dispose();
    }

    private void SendEvery(TimeSpan interval, double offsetSeconds)
    {
        while (!_stop.IsCancellationRequested)
        {
            Send(offsetSeconds);
            _stop.Token.WaitHandle.WaitOne(interval);
        }
    }
}
