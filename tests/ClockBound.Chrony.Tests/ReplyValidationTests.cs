using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony.Tests;

public class ReplyValidationTests
{
    private const uint Sequence = 777;
    private const ushort Tracking = 33;
    private const ushort TrackingReply = 5;

    [Fact]
    public void AcceptsAValidReply()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104);

        Validate(reply);
        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void AcceptsALongerReply()
    {
        Validate(WireBytes.Reply(Tracking, TrackingReply, Sequence, 200));
    }

    // Datagrams that are not this request's reply at all (too short, another version, a request,
    // another sequence or command) never reach Validate: the connection discards them and keeps
    // waiting (ChronyConnectionTests.DiscardsForeignShortAndStaleDatagramsUntilItsReply).
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(27)]
    public void ADatagramShorterThanTheHeaderIsNotAReply(int length)
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104)[..length];

        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void RejectsATrackingReplyShorterThanItsBody()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 103);

        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence)); // ours, but short
        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("103-byte TRACKING reply", e.Message);
        Assert.Contains("at least 104 bytes", e.Message);
    }

    [Fact]
    public void AnotherVersionIsNotAReply()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104, version: 5);

        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void ARequestIsNotAReply()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104, packetType: 1);

        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void AnotherSequenceIsNotAReply()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence + 1, 104);

        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void AnotherCommandEchoIsNotAReply()
    {
        byte[] reply = WireBytes.Reply(66, TrackingReply, Sequence, 104);

        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void RejectsWrongReplyCode()
    {
        byte[] reply = WireBytes.Reply(Tracking, 1, Sequence, 104);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("answered TRACKING with NULL; expected TRACKING", e.Message);
        Assert.Null(e.Status);
        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence)); // ours, but wrong
    }

    [Fact]
    public void ErrorStatus19IsBADPKTLENGTH()
    {
        // chronyd answers a short request with a bare 28-byte header, reply code NULL, status 19.
        byte[] reply = WireBytes.Reply(Tracking, 1, Sequence, 28, status: 19);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Equal((ushort)19, e.Status);
        Assert.Equal((ushort)ChronyStatus.BadPacketLength, e.Status);
        Assert.Contains("status 19 (BADPKTLENGTH)", e.Message);
        Assert.Contains("/test/chronyd.sock", e.Message);
    }

    [Theory]
    [InlineData(1, "FAILED")]
    [InlineData(2, "UNAUTH")]
    [InlineData(4, "NOSUCHSOURCE")]
    [InlineData(18, "BADPKTVERSION")]
    [InlineData(21, "INVALIDNAME")]
    [InlineData(42, "unknown status")]
    public void EveryErrorStatusIsNamed(int status, string name)
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104, status: (ushort)status);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Equal((ushort)status, e.Status);
        Assert.Contains($"status {status} ({name})", e.Message);
    }

    [Fact]
    public void NullReplyNeedsOnlyTheHeader()
    {
        byte[] reply = WireBytes.Reply(66, 1, Sequence, 28);

        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.ResetSources, Sequence));
        ReplyHeader.Validate(reply, ChronyCommand.ResetSources, ChronyReplyCode.Null, 28, "/test/chronyd.sock");
    }

    private static void Validate(byte[] reply) =>
        ReplyHeader.Validate(reply, ChronyCommand.Tracking, ChronyReplyCode.Tracking, 104, "/test/chronyd.sock");
}
