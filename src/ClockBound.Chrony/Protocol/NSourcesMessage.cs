using System.Buffers.Binary;

namespace ClockBound.Chrony.Protocol;

/// <summary>N_SOURCES (14): no request body; reply N_SOURCES (2), body u32 n_sources.</summary>
internal static class NSourcesMessage
{
    /// <summary>The request code.</summary>
    public const ChronyCommand Command = ChronyCommand.NSources;

    /// <summary>The reply code chronyd answers with.</summary>
    public const ChronyReplyCode ReplyCode = ChronyReplyCode.NSources;

    /// <summary>Reply length: header + u32.</summary>
    public const int ReplyLength = Candm.ReplyHeaderLength + 4;

    /// <summary>Request length: the header padded with zeros to the reply's 32.</summary>
    public const int RequestLength = ReplyLength;

    /// <summary>Writes the request; returns its length.</summary>
    public static int WriteRequest(Span<byte> buffer, uint sequence) =>
        RequestHeader.Write(buffer, Command, sequence, RequestLength);

    /// <summary>Decodes the body of a reply that <see cref="ReplyHeader.Validate"/> accepted.</summary>
    /// <exception cref="ChronyException">The count does not fit an <see cref="int"/>.</exception>
    public static int ReadReply(ReadOnlySpan<byte> reply)
    {
        uint count = BinaryPrimitives.ReadUInt32BigEndian(reply[Candm.ReplyHeaderLength..]);
        if (count > int.MaxValue)
        {
            throw new ChronyException(ChronyFailureKind.BadReply, $"chronyd reported an impossible number of sources: {count}");
        }

        return (int)count;
    }
}
