using System.Buffers.Binary;

namespace ClockBound.Chrony.Protocol;

/// <summary>chronyd's 4-byte Float on the wire: a big-endian u32 holding a <see cref="ChronyFloat"/>.</summary>
internal static class FloatCodec
{
    /// <summary>Encoded length.</summary>
    public const int Length = 4;

    /// <summary>Reads a Float (the bits are kept as they are; see <see cref="ChronyFloat"/> for the value).</summary>
    public static ChronyFloat Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));
}
