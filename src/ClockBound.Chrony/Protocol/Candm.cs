namespace ClockBound.Chrony.Protocol;

/// <summary>Fixed facts of chronyd's command protocol (candm), version 6.</summary>
internal static class Candm
{
    /// <summary>Protocol version spoken by chrony 2.x through 4.x.</summary>
    public const byte Version = 6;

    /// <summary><c>pkt_type</c> of a request.</summary>
    public const byte PacketTypeRequest = 1;

    /// <summary><c>pkt_type</c> of a reply.</summary>
    public const byte PacketTypeReply = 2;

    /// <summary>Length of the request header; the command body starts here.</summary>
    public const int RequestHeaderLength = 20;

    /// <summary>Length of the reply header; the reply body starts here.</summary>
    public const int ReplyHeaderLength = 28;

    /// <summary>
    /// The length a request datagram must have: chronyd refuses requests shorter than the reply
    /// they ask for (anti-amplification), so the body is followed by zeros up to that length.
    /// </summary>
    public static int RequestLength(int bodyLength, int replyLength) =>
        Math.Max(RequestHeaderLength + bodyLength, replyLength);
}
