using System.Net;
using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony.Tests;

public class SourceRepliesTests
{
    [Fact]
    public void NSourcesCount()
    {
        byte[] reply = Convert.FromHexString("0602" + "0000" + "000e" + "0002" + "0000" + "000000000000" + "00000009" + "0000000000000000" + "00000003");

        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.NSources, 9));
        ReplyHeader.Validate(reply, ChronyCommand.NSources, ChronyReplyCode.NSources, NSourcesMessage.ReplyLength, "test");
        Assert.Equal(3, NSourcesMessage.ReadReply(reply));
    }

    [Fact]
    public void NSourcesCountBeyondIntIsAnError()
    {
        byte[] reply = WireBytes.Reply(14, 2, 9, 32);
        reply[28] = 0x80;

        Assert.Throws<ChronyException>(() => NSourcesMessage.ReadReply(reply));
    }

    [Fact]
    public void SourceDataFields()
    {
        string hex =
            "0602" + "0000" + "000f" + "0003" + "0000" + "000000000000" + "00000009" + "0000000000000000"
            + "7f000001" + "000000000000000000000000" + "0001" + "0000" // 127.0.0.1
            + "fffe"      // poll -2
            + "0001"      // stratum 1
            + "0000"      // state: selected
            + "0000"      // mode: client
            + "0010"      // flags
            + "00ff"      // reachability 0377
            + "00000003"  // since_sample
            + "02000001"  // orig_latest_meas 2^-24
            + "fe000001"  // latest_meas 2^-26
            + "0a000005"; // latest_meas_err 5 × 2^-20
        byte[] reply = Convert.FromHexString(hex);
        Assert.Equal(76, reply.Length);
        Assert.True(ReplyHeader.IsReplyTo(reply, ChronyCommand.SourceData, 9));
        ReplyHeader.Validate(reply, ChronyCommand.SourceData, ChronyReplyCode.SourceData, SourceDataMessage.ReplyLength, "test");

        SourceReport source = SourceDataMessage.ReadReply(reply);

        Assert.Equal(IPAddress.Loopback, source.Address);
        Assert.Equal((ushort)1, source.AddressFamily);
        Assert.Equal((short)-2, source.PollLog2);
        Assert.Equal((ushort)1, source.Stratum);
        Assert.Equal(SourceState.Selected, source.State);
        Assert.Equal(SourceMode.Client, source.Mode);
        Assert.Equal((ushort)0x10, source.Flags);
        Assert.Equal((ushort)0xff, source.Reachability);
        Assert.Equal(3u, source.SecondsSinceSample);
        Assert.Equal(Math.Pow(2, -24), source.OriginalLatestOffset.ToDouble());
        Assert.Equal(Math.Pow(2, -26), source.LatestOffset.ToDouble());
        Assert.Equal(5 * Math.Pow(2, -20), source.LatestOffsetError.ToDouble());
    }
}
