using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony.Tests;

public class ReplyValidationTests
{
    private const uint Sequence = 777;
    private const ushort Tracking = 33;
    private const ushort TrackingReply = 5;

    [Fact]
    public void Accepts_a_valid_reply()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104);

        Validate(reply);
        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void Accepts_a_longer_reply()
    {
        Validate(WireBytes.Reply(Tracking, TrackingReply, Sequence, 200));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(27)]
    public void Rejects_a_reply_shorter_than_the_header(int length)
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104)[..length];

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("shorter than the 28-byte reply header", e.Message);
        Assert.Null(e.Status);
        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void Rejects_a_tracking_reply_shorter_than_its_body()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 103);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("103-byte TRACKING reply", e.Message);
        Assert.Contains("at least 104 bytes", e.Message);
    }

    [Fact]
    public void Rejects_wrong_version()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104, version: 5);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("protocol version 5", e.Message);
        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void Rejects_wrong_packet_type()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104, packetType: 1);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("pkt_type 1", e.Message);
        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void Rejects_wrong_sequence()
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence + 1, 104);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("sequence 778", e.Message);
        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void Rejects_wrong_command_echo()
    {
        byte[] reply = WireBytes.Reply(66, TrackingReply, Sequence, 104);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("echoed command 66", e.Message);
        Assert.False(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence));
    }

    [Fact]
    public void Rejects_wrong_reply_code()
    {
        byte[] reply = WireBytes.Reply(Tracking, 1, Sequence, 104);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Contains("answered TRACKING with NULL; expected TRACKING", e.Message);
        Assert.Null(e.Status);
        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, Sequence)); // ours, but wrong
    }

    [Fact]
    public void Error_status_19_is_BADPKTLENGTH()
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
    public void Every_error_status_is_named(int status, string name)
    {
        byte[] reply = WireBytes.Reply(Tracking, TrackingReply, Sequence, 104, status: (ushort)status);

        ChronyException e = Assert.Throws<ChronyException>(() => Validate(reply));
        Assert.Equal((ushort)status, e.Status);
        Assert.Contains($"status {status} ({name})", e.Message);
    }

    [Fact]
    public void Null_reply_needs_only_the_header()
    {
        byte[] reply = WireBytes.Reply(66, 1, Sequence, 28);

        ReplyHeader.Validate(reply, ChronyCommand.ResetSources, Sequence, ChronyReplyCode.Null, 28, "/test/chronyd.sock");
    }

    private static void Validate(byte[] reply) =>
        ReplyHeader.Validate(reply, ChronyCommand.Tracking, Sequence, ChronyReplyCode.Tracking, 104, "/test/chronyd.sock");
}
