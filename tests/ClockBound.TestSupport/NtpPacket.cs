using System.Buffers.Binary;

namespace ClockBound.TestSupport;

/// <summary>
/// The NTPv4 packet header (RFC 5905, 48 bytes) as a server in mode 4 writes it: pure encoding,
/// no I/O. Timestamps are 64-bit NTP timestamps (seconds since 1900 in the high 32 bits, a binary
/// fraction in the low 32) converted from and to Unix nanoseconds.
/// </summary>
public static class NtpPacket
{
    /// <summary>Size of the header without extension fields.</summary>
    public const int HeaderLength = 48;

    /// <summary>Seconds from 1900-01-01 (NTP era 0) to 1970-01-01.</summary>
    public const long UnixEpochNtpSeconds = 2_208_988_800;

    private const int ModeClient = 3;
    private const int ModeServer = 4;
    private const int OriginOffset = 24;
    private const int ReceiveOffset = 32;
    private const int TransmitOffset = 40;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Whether <paramref name="datagram"/> is an NTP client request (mode 3, version 1–4, at least 48 bytes).</summary>
    public static bool IsClientRequest(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderLength)
        {
            return false;
        }

        int version = (datagram[0] >> 3) & 7;
        return (datagram[0] & 7) == ModeClient && version is >= 1 and <= 4;
    }

    /// <summary>
    /// Writes the 48-byte reply to <paramref name="request"/> into <paramref name="reply"/>: leap
    /// 0, the request's version and poll, mode 4, <paramref name="identity"/>'s stratum,
    /// precision, root delay, root dispersion and reference id, the request's transmit timestamp
    /// as origin, <paramref name="receiveUnixNanoseconds"/> as receive timestamp and reference
    /// timestamp (truncated to the second, as a server updated once a second would show). The
    /// transmit timestamp is left zero for <see cref="WriteTransmitTimestamp"/>.
    /// </summary>
    public static void WriteServerReply(ReadOnlySpan<byte> request, Span<byte> reply, NtpServerIdentity identity, long receiveUnixNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!IsClientRequest(request))
        {
            throw new ArgumentException("not an NTP client request", nameof(request));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(reply.Length, HeaderLength);
        Span<byte> header = reply[..HeaderLength];
        header.Clear();
        int version = (request[0] >> 3) & 7;
        header[0] = (byte)((version << 3) | ModeServer); // leap indicator 0: no warning
        header[1] = identity.Stratum;
        header[2] = request[2];
        header[3] = (byte)identity.PrecisionLog2;
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], ToNtpShort(identity.RootDelaySeconds));
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], ToNtpShort(identity.RootDispersionSeconds));
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], identity.ReferenceId);
        long referenceSecond = receiveUnixNanoseconds - (receiveUnixNanoseconds % NanosecondsPerSecond);
        BinaryPrimitives.WriteUInt64BigEndian(header[16..], ToNtpTimestamp(referenceSecond, roundUp: false));
        request.Slice(TransmitOffset, 8).CopyTo(header[OriginOffset..]);
        // The receive timestamp is read after the request arrived and the transmit timestamp
        // before the reply leaves: rounding the first down and the second up keeps both inside
        // the client's round trip, where NTP's error bound needs them.
        BinaryPrimitives.WriteUInt64BigEndian(header[ReceiveOffset..], ToNtpTimestamp(receiveUnixNanoseconds, roundUp: false));
    }

    /// <summary>Writes the transmit timestamp of a reply made by <see cref="WriteServerReply"/>.</summary>
    public static void WriteTransmitTimestamp(Span<byte> reply, long transmitUnixNanoseconds) =>
        BinaryPrimitives.WriteUInt64BigEndian(reply[TransmitOffset..], ToNtpTimestamp(transmitUnixNanoseconds, roundUp: true));

    /// <summary>Unix nanoseconds as an NTP timestamp (era 0 until 2036; later instants wrap modulo 2^32 s, as NTP does).</summary>
    public static ulong ToNtpTimestamp(long unixNanoseconds, bool roundUp)
    {
        long seconds = Math.DivRem(unixNanoseconds, NanosecondsPerSecond, out long nanoseconds);
        if (nanoseconds < 0)
        {
            seconds--;
            nanoseconds += NanosecondsPerSecond;
        }

        ulong scaled = (ulong)nanoseconds << 32;
        ulong fraction = scaled / NanosecondsPerSecond;
        if (roundUp && scaled % NanosecondsPerSecond != 0)
        {
            fraction++;
        }

        // nanoseconds < 1e9 keeps fraction ≤ 2^32; a carry into the seconds is the exact value.
        return (((ulong)(seconds + UnixEpochNtpSeconds)) << 32) + fraction;
    }

    /// <summary>An NTP timestamp of era 0 as Unix nanoseconds, rounded down.</summary>
    public static long FromNtpTimestamp(ulong timestamp)
    {
        long seconds = (long)(timestamp >> 32) - UnixEpochNtpSeconds;
        long nanoseconds = (long)(((timestamp & uint.MaxValue) * NanosecondsPerSecond) >> 32);
        return (seconds * NanosecondsPerSecond) + nanoseconds;
    }

    /// <summary>Seconds as an NTP short (16.16 fixed point), rounded up.</summary>
    public static uint ToNtpShort(double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(seconds, 65536.0);
        return (uint)Math.Ceiling(seconds * 65536.0);
    }
}
