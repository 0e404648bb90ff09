using System.Buffers.Binary;

namespace ClockBound.Chrony.Protocol;

/// <summary>The 28-byte reply header, and the rules a reply must meet before its body is read.</summary>
internal readonly record struct ReplyHeader(
    byte Version, byte PacketType, ushort Command, ushort ReplyCode, ushort Status, uint Sequence)
{
    /// <summary>Reads the header fields; the datagram must hold at least 28 bytes.</summary>
    public static ReplyHeader Read(ReadOnlySpan<byte> datagram)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(datagram.Length, Candm.ReplyHeaderLength, nameof(datagram));
        return new ReplyHeader(
            datagram[0],
            datagram[1],
            BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[16..]));
    }

    /// <summary>
    /// Whether a datagram is chronyd's answer to this request at all (long enough for a header,
    /// version 6, a reply, echoing the command and sequence). Anything else is foreign or late —
    /// a reply to an earlier request — and the client keeps waiting for its own.
    /// </summary>
    public static bool IsReplyTo(ReadOnlySpan<byte> datagram, ChronyCommand command, uint sequence) =>
        datagram.Length >= Candm.ReplyHeaderLength
        && datagram[0] == Candm.Version
        && datagram[1] == Candm.PacketTypeReply
        && BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]) == (ushort)command
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[16..]) == sequence;

    /// <summary>
    /// Checks a reply that <see cref="IsReplyTo"/> accepted before its body is decoded: status
    /// SUCCESS, the expected reply code, and a length that covers that reply's body. (Header
    /// length, version, pkt_type, command and sequence are what IsReplyTo already checked.)
    /// </summary>
    /// <param name="datagram">The received datagram, at least a header long.</param>
    /// <param name="command">The command that was sent.</param>
    /// <param name="expectedCode">The reply code this command is answered with.</param>
    /// <param name="expectedLength">The minimum length of that reply.</param>
    /// <param name="server">The server socket path, for messages.</param>
    /// <exception cref="ChronyException">The reply breaks a rule; <see cref="ChronyException.Status"/> is set for an error status.</exception>
    public static void Validate(
        ReadOnlySpan<byte> datagram,
        ChronyCommand command,
        ChronyReplyCode expectedCode,
        int expectedLength,
        string server)
    {
        string what = ChronyStatusNames.CommandName(command);
        ReplyHeader header = Read(datagram);
        if (header.Status != (ushort)ChronyStatus.Success)
        {
            throw new ChronyException(
                $"chronyd at {server} rejected {what}: status {ChronyStatusNames.Describe(header.Status)}",
                header.Status);
        }

        if (header.ReplyCode != (ushort)expectedCode)
        {
            throw new ChronyException(
                ChronyFailureKind.BadReply,
                $"chronyd at {server} answered {what} with {ChronyStatusNames.ReplyName(header.ReplyCode)}; expected {ChronyStatusNames.ReplyName((ushort)expectedCode)}");
        }

        if (datagram.Length < expectedLength)
        {
            throw new ChronyException(
                ChronyFailureKind.BadReply,
                $"chronyd at {server} sent a {datagram.Length}-byte {ChronyStatusNames.ReplyName(header.ReplyCode)} reply to {what}; it must be at least {expectedLength} bytes");
        }
    }
}
