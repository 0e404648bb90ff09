using System.Buffers.Binary;

namespace ClockBound.Chrony.Protocol;

/// <summary>
/// chronyd's 12-byte Timespec: u32 seconds-high, u32 seconds-low, u32 nanoseconds. A high part of
/// 0x7fffffff means "no high part" (senders whose time_t is 32 bits).
/// </summary>
internal static class TimespecCodec
{
    /// <summary>Encoded length.</summary>
    public const int Length = 12;

    /// <summary>The seconds-high value that stands for "no high part".</summary>
    public const uint NoHighPart = 0x7fffffff;

    /// <summary>Decodes a Timespec into seconds since the Unix epoch and nanoseconds.</summary>
    /// <exception cref="ChronyException">Nanoseconds ≥ 10⁹, or seconds beyond what a signed 64-bit count holds.</exception>
    public static long Read(ReadOnlySpan<byte> source, out uint nanoseconds)
    {
        uint high = BinaryPrimitives.ReadUInt32BigEndian(source);
        uint low = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        if (nanoseconds >= 1_000_000_000)
        {
            throw new ChronyException(ChronyFailureKind.BadReply, $"chronyd sent a timestamp with {nanoseconds} nanoseconds (must be below 1000000000)");
        }

        if (high == NoHighPart)
        {
            return low;
        }

        if (high > int.MaxValue)
        {
            // Seconds ≥ 2^63: no real clock is there; refuse rather than wrap to a negative time.
            throw new ChronyException(ChronyFailureKind.BadReply, $"chronyd sent a timestamp whose seconds-high part 0x{high:x8} is out of range");
        }

        return ((long)high << 32) | low;
    }
}
