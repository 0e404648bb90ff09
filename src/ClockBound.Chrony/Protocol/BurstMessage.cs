using System.Buffers.Binary;

namespace ClockBound.Chrony.Protocol;

/// <summary>
/// BURST (3): body IPAddr mask, IPAddr address, i32 n_good_samples, i32 n_total_samples
/// (48 bytes, so 68 in all, longer than the reply: no padding); reply NULL (1).
/// </summary>
internal static class BurstMessage
{
    /// <summary>The request code.</summary>
    public const ChronyCommand Command = ChronyCommand.Burst;

    /// <summary>The reply code chronyd answers with.</summary>
    public const ChronyReplyCode ReplyCode = ChronyReplyCode.Null;

    /// <summary>Reply length: the header alone.</summary>
    public const int ReplyLength = Candm.ReplyHeaderLength;

    /// <summary>Body length: two IPAddr and two i32.</summary>
    public const int BodyLength = (2 * IPAddrCodec.Length) + 8;

    /// <summary>Request length: 20 + 48 = 68, already longer than the reply.</summary>
    public const int RequestLength = Candm.RequestHeaderLength + BodyLength;

    /// <summary>
    /// Writes a BURST to every source (mask and address of family 0); returns its length.
    /// </summary>
    public static int WriteRequest(Span<byte> buffer, uint sequence, int goodSamples, int totalSamples)
    {
        RequestHeader.Write(buffer, Command, sequence, RequestLength);
        Span<byte> body = buffer[Candm.RequestHeaderLength..RequestLength];
        IPAddrCodec.WriteUnspecified(body);
        IPAddrCodec.WriteUnspecified(body[IPAddrCodec.Length..]);
        BinaryPrimitives.WriteInt32BigEndian(body[40..], goodSamples);
        BinaryPrimitives.WriteInt32BigEndian(body[44..], totalSamples);
        return RequestLength;
    }
}
