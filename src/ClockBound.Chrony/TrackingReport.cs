using System.Buffers.Binary;
using System.Net;

namespace ClockBound.Chrony;

/// <summary>chronyd's TRACKING reply, decoded (chrony-candm.md; <c>chronyc tracking</c> prints the same fields).</summary>
/// <remarks>
/// A value type that keeps the address as raw bytes, so the daemon's loop decodes a reply every
/// poll without allocating; <see cref="Address"/> builds an <see cref="IPAddress"/> only when asked.
/// </remarks>
public readonly record struct TrackingReport
{
    // The address as chronyd sent it (big-endian) and how many of its bytes count: 4, 16, or 0 for none.
    private readonly UInt128 _addressBytes;
    private readonly byte _addressLength;

    /// <summary>Reference id of the selected source (e.g. 0x50484330, "PHC0", for a PHC refclock).</summary>
    public required uint RefId { get; init; }

    /// <summary>
    /// The selected source's address (for a reference clock: its ref id as an IPv4-shaped value,
    /// family 3); <see langword="null"/> for none. A new instance on every read.
    /// </summary>
    public IPAddress? Address
    {
        get
        {
            if (_addressLength == 0)
            {
                return null;
            }
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(bytes, _addressBytes);
            return new IPAddress(bytes[.._addressLength]);
        }
        init
        {
            Span<byte> bytes = stackalloc byte[16];
            bytes.Clear();
            if (value is null || !value.TryWriteBytes(bytes, out int written))
            {
                written = 0;
            }
            _addressBytes = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            _addressLength = (byte)written;
        }
    }

    /// <summary>The IPAddr family on the wire (0 unspecified, 1 IPv4, 2 IPv6, 3 reference id).</summary>
    public required ushort AddressFamily { get; init; }

    /// <summary>Stratum of this host.</summary>
    public required ushort Stratum { get; init; }

    /// <summary>0 normal, 1 insert second, 2 delete second, 3 unsynchronised.</summary>
    public required ushort LeapStatus { get; init; }

    /// <summary>UTC time of the last clock update: whole seconds since the Unix epoch.</summary>
    public required long RefTimeSeconds { get; init; }

    /// <summary>UTC time of the last clock update: nanoseconds within the second.</summary>
    public required uint RefTimeNanoseconds { get; init; }

    /// <summary>Offset still being corrected, in seconds; positive means the system clock is slow.</summary>
    public required ChronyFloat CurrentCorrection { get; init; }

    /// <summary>Last measured offset, seconds.</summary>
    public required ChronyFloat LastOffset { get; init; }

    /// <summary>RMS of recent offsets, seconds.</summary>
    public required ChronyFloat RmsOffset { get; init; }

    /// <summary>Frequency error of the local clock, ppm.</summary>
    public required ChronyFloat FrequencyPpm { get; init; }

    /// <summary>Residual frequency, ppm.</summary>
    public required ChronyFloat ResidualFrequencyPpm { get; init; }

    /// <summary>Estimated error bound of the frequency, ppm.</summary>
    public required ChronyFloat SkewPpm { get; init; }

    /// <summary>Total round-trip delay to the stratum-1 reference, seconds.</summary>
    public required ChronyFloat RootDelay { get; init; }

    /// <summary>Total dispersion accumulated to the reference, seconds (grows with time since the last update).</summary>
    public required ChronyFloat RootDispersion { get; init; }

    /// <summary>Interval between the last two clock updates, seconds.</summary>
    public required ChronyFloat LastUpdateInterval { get; init; }

    /// <summary>Sets <see cref="Address"/> from the 4 or 16 bytes of the wire (0 for none), without allocating.</summary>
    internal ReadOnlySpan<byte> RawAddress
    {
        init
        {
            Span<byte> bytes = stackalloc byte[16];
            bytes.Clear();
            value.CopyTo(bytes);
            _addressBytes = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            _addressLength = (byte)value.Length;
        }
    }
}
