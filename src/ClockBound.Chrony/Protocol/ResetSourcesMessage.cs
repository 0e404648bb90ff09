namespace ClockBound.Chrony.Protocol;

/// <summary>RESET_SOURCES (66): no request body; reply NULL (1), header only.</summary>
internal static class ResetSourcesMessage
{
    /// <summary>The request code.</summary>
    public const ChronyCommand Command = ChronyCommand.ResetSources;

    /// <summary>The reply code chronyd answers with.</summary>
    public const ChronyReplyCode ReplyCode = ChronyReplyCode.Null;

    /// <summary>Reply length: the header alone.</summary>
    public const int ReplyLength = Candm.ReplyHeaderLength;

    /// <summary>Request length: no body, so the 20-byte header padded with zeros to the reply's 28.</summary>
    public const int RequestLength = ReplyLength;

    /// <summary>Writes the request; returns its length.</summary>
    public static int WriteRequest(Span<byte> buffer, uint sequence) =>
        RequestHeader.Write(buffer, Command, sequence, RequestLength);
}
