using System.Net;
using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony.Tests;

public class TrackingReplyTests
{
    [Fact]
    public void DecodesEveryField()
    {
        byte[] reply = WireBytes.TrackingReply(0x12345678);
        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.Tracking, 0x12345678));
        ReplyHeader.Validate(reply, ChronyCommand.Tracking, ChronyReplyCode.Tracking, 104, "test");

        TrackingReport report = TrackingMessage.ReadReply(reply);

        Assert.Equal(0x50484330u, report.RefId);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), report.Address);
        Assert.Equal((ushort)1, report.AddressFamily);
        Assert.Equal((ushort)2, report.Stratum);
        Assert.Equal((ushort)1, report.LeapStatus);
        Assert.Equal((1L << 32) | 0x6789abcdL, report.RefTimeSeconds);
        Assert.Equal(499_999_999u, report.RefTimeNanoseconds);
        Assert.Equal(Math.Pow(2, -24), report.CurrentCorrection.ToDouble());
        Assert.Equal(Math.Pow(2, -26), report.LastOffset.ToDouble());
        Assert.Equal(-Math.Pow(2, -25), report.RmsOffset.ToDouble());
        Assert.Equal(3 * Math.Pow(2, -19), report.FrequencyPpm.ToDouble());
        Assert.Equal(0.0, report.ResidualFrequencyPpm.ToDouble());
        Assert.Equal(5 * Math.Pow(2, -20), report.SkewPpm.ToDouble());
        Assert.Equal(100 * Math.Pow(2, -31), report.RootDelay.ToDouble());
        Assert.Equal(Math.Pow(2, 38), report.RootDispersion.ToDouble());
        Assert.Equal(Math.Pow(2, -17), report.LastUpdateInterval.ToDouble());
    }

    [Fact]
    public void KeepsRawFloatBits()
    {
        TrackingReport report = TrackingMessage.ReadReply(WireBytes.TrackingReply(1));

        Assert.Equal(0x02000001u, report.CurrentCorrection.Raw);
        Assert.Equal(0x7e000001u, report.RootDispersion.Raw);
    }

    [Fact]
    public void ReferenceClockAddressIsItsRefId()
    {
        byte[] reply = WireBytes.TrackingReply(1);
        // ip_addr at 32: "PHC0" in the first four bytes, family 3 at 48.
        Convert.FromHexString("50484330").CopyTo(reply, 32);
        reply[49] = 3;

        TrackingReport report = TrackingMessage.ReadReply(reply);

        Assert.Equal((ushort)3, report.AddressFamily);
        Assert.Equal(IPAddress.Parse("80.72.67.48"), report.Address);
    }

    [Fact]
    public void IgnoresBytesPastTheTrackingBody()
    {
        byte[] reply = [.. WireBytes.TrackingReply(1), 0xff, 0xff, 0xff, 0xff];

        Assert.Equal(0x50484330u, TrackingMessage.ReadReply(reply).RefId);
    }

    [Fact]
    public void RejectsImpossibleReferenceTime()
    {
        byte[] reply = WireBytes.TrackingReply(1);
        Convert.FromHexString("3b9aca00").CopyTo(reply, 64); // 1000000000 ns

        Assert.Throws<ChronyException>(() => TrackingMessage.ReadReply(reply));
    }
}
