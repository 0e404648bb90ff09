using System.Buffers.Binary;

namespace ClockBound.Chrony.Protocol;

/// <summary>The 20-byte request header: version, pkt_type, command, attempt, sequence, zero padding.</summary>
internal static class RequestHeader
{
    /// <summary>
    /// Writes a request of <paramref name="length"/> bytes: the header, then zeros up to
    /// <paramref name="length"/>. The caller writes the body (from offset 20) afterwards.
    /// </summary>
    /// <returns><paramref name="length"/>.</returns>
    public static int Write(Span<byte> buffer, ChronyCommand command, uint sequence, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, Candm.RequestHeaderLength);
        Span<byte> request = buffer[..length]; // throws if the buffer is too small
        request.Clear();
        request[0] = Candm.Version;
        request[1] = Candm.PacketTypeRequest;
        BinaryPrimitives.WriteUInt16BigEndian(request[4..], (ushort)command);
        // attempt (offset 6) stays 0: one send per sequence number.
        BinaryPrimitives.WriteUInt32BigEndian(request[8..], sequence);
        return length;
    }
}
