using System.Buffers.Binary;

namespace ClockBound.Chrony.Protocol;

/// <summary>TRACKING (33): no request body; reply TRACKING (5), 104 bytes.</summary>
internal static class TrackingMessage
{
    /// <summary>The request code.</summary>
    public const ChronyCommand Command = ChronyCommand.Tracking;

    /// <summary>The reply code chronyd answers with.</summary>
    public const ChronyReplyCode ReplyCode = ChronyReplyCode.Tracking;

    /// <summary>Reply length: 28-byte header + 76-byte body.</summary>
    public const int ReplyLength = Candm.ReplyHeaderLength + 76;

    /// <summary>Request length: no body, so the 20-byte header padded with zeros to the reply's 104.</summary>
    public const int RequestLength = ReplyLength;

    /// <summary>Writes the request; returns its length.</summary>
    public static int WriteRequest(Span<byte> buffer, uint sequence) =>
        RequestHeader.Write(buffer, Command, sequence, RequestLength);

    /// <summary>Decodes the body of a reply that <see cref="ReplyHeader.Validate"/> accepted.</summary>
    /// <exception cref="ChronyException">A field is out of range (e.g. the reference time).</exception>
    public static TrackingReport ReadReply(ReadOnlySpan<byte> reply)
    {
        ReadOnlySpan<byte> body = reply[Candm.ReplyHeaderLength..ReplyLength];
        // Raw bytes, not an IPAddress: the daemon decodes this every poll and must not allocate.
        ReadOnlySpan<byte> address = IPAddrCodec.ReadBytes(body[4..], out ushort family);
        long refTimeSeconds = TimespecCodec.Read(body[28..], out uint refTimeNanoseconds);
        return new TrackingReport
        {
            RefId = BinaryPrimitives.ReadUInt32BigEndian(body),
            RawAddress = address,
            AddressFamily = family,
            Stratum = BinaryPrimitives.ReadUInt16BigEndian(body[24..]),
            LeapStatus = BinaryPrimitives.ReadUInt16BigEndian(body[26..]),
            RefTimeSeconds = refTimeSeconds,
            RefTimeNanoseconds = refTimeNanoseconds,
            CurrentCorrection = FloatCodec.Read(body[40..]),
            LastOffset = FloatCodec.Read(body[44..]),
            RmsOffset = FloatCodec.Read(body[48..]),
            FrequencyPpm = FloatCodec.Read(body[52..]),
            ResidualFrequencyPpm = FloatCodec.Read(body[56..]),
            SkewPpm = FloatCodec.Read(body[60..]),
            RootDelay = FloatCodec.Read(body[64..]),
            RootDispersion = FloatCodec.Read(body[68..]),
            LastUpdateInterval = FloatCodec.Read(body[72..]),
        };
    }
}
