using System.Buffers.Binary;
using System.Net;

namespace ClockBound.Chrony.Protocol;

/// <summary>
/// SOURCE_DATA (15): body i32 index, padded to the reply's length; reply SOURCE_DATA (3), a 48-byte
/// body: IPAddr, i16 poll, u16 stratum, u16 state, u16 mode, u16 flags, u16 reachability,
/// u32 since_sample, Float orig_latest_meas, Float latest_meas, Float latest_meas_err.
/// </summary>
internal static class SourceDataMessage
{
    /// <summary>The request code.</summary>
    public const ChronyCommand Command = ChronyCommand.SourceData;

    /// <summary>The reply code chronyd answers with.</summary>
    public const ChronyReplyCode ReplyCode = ChronyReplyCode.SourceData;

    /// <summary>Reply length: 28-byte header + 48-byte body.</summary>
    public const int ReplyLength = Candm.ReplyHeaderLength + 48;

    /// <summary>Body length: the i32 index.</summary>
    public const int BodyLength = 4;

    /// <summary>Request length: 24 bytes of header and index, padded with zeros to the reply's 76.</summary>
    public const int RequestLength = ReplyLength;

    /// <summary>Writes the request for source <paramref name="index"/>; returns its length.</summary>
    public static int WriteRequest(Span<byte> buffer, uint sequence, int index)
    {
        RequestHeader.Write(buffer, Command, sequence, RequestLength);
        BinaryPrimitives.WriteInt32BigEndian(buffer[Candm.RequestHeaderLength..], index);
        return RequestLength;
    }

    /// <summary>Decodes the body of a reply that <see cref="ReplyHeader.Validate"/> accepted.</summary>
    public static SourceReport ReadReply(ReadOnlySpan<byte> reply)
    {
        ReadOnlySpan<byte> body = reply[Candm.ReplyHeaderLength..ReplyLength];
        IPAddress? address = IPAddrCodec.Read(body, out ushort family);
        return new SourceReport
        {
            Address = address,
            AddressFamily = family,
            PollLog2 = BinaryPrimitives.ReadInt16BigEndian(body[20..]),
            Stratum = BinaryPrimitives.ReadUInt16BigEndian(body[22..]),
            State = (SourceState)BinaryPrimitives.ReadUInt16BigEndian(body[24..]),
            Mode = (SourceMode)BinaryPrimitives.ReadUInt16BigEndian(body[26..]),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(body[28..]),
            Reachability = BinaryPrimitives.ReadUInt16BigEndian(body[30..]),
            SecondsSinceSample = BinaryPrimitives.ReadUInt32BigEndian(body[32..]),
            OriginalLatestOffset = FloatCodec.Read(body[36..]),
            LatestOffset = FloatCodec.Read(body[40..]),
            LatestOffsetError = FloatCodec.Read(body[44..]),
        };
    }
}
