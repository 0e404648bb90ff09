using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony.Tests;

public class RequestEncodingTests
{
    private const uint Sequence = 0xA1B2C3D4;

    public static TheoryData<string, int, int, int> PaddedLengths => new()
    {
        // name, written length, body length, reply length
        { "TRACKING", TrackingMessage.WriteRequest(Buffer(), Sequence), 0, TrackingMessage.ReplyLength },
        { "RESET_SOURCES", ResetSourcesMessage.WriteRequest(Buffer(), Sequence), 0, ResetSourcesMessage.ReplyLength },
        { "BURST", BurstMessage.WriteRequest(Buffer(), Sequence, 4, 8), 48, BurstMessage.ReplyLength },
        { "N_SOURCES", NSourcesMessage.WriteRequest(Buffer(), Sequence), 0, NSourcesMessage.ReplyLength },
        { "SOURCE_DATA", SourceDataMessage.WriteRequest(Buffer(), Sequence, 0), 4, SourceDataMessage.ReplyLength },
    };

    [Theory]
    [MemberData(nameof(PaddedLengths))]
    public void LengthIsTheLargerOfRequestAndReply(string name, int written, int bodyLength, int replyLength)
    {
        Assert.Equal(Math.Max(20 + bodyLength, replyLength), written);
        Assert.Equal(Candm.RequestLength(bodyLength, replyLength), written);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void LengthsMatchTheSpecTable()
    {
        Assert.Equal(104, TrackingMessage.WriteRequest(Buffer(), Sequence));
        Assert.Equal(28, ResetSourcesMessage.WriteRequest(Buffer(), Sequence));
        Assert.Equal(68, BurstMessage.WriteRequest(Buffer(), Sequence, 4, 8));
        Assert.Equal(32, NSourcesMessage.WriteRequest(Buffer(), Sequence));
        Assert.Equal(76, SourceDataMessage.WriteRequest(Buffer(), Sequence, 0));
    }

    [Fact]
    public void TrackingRequestIsHeaderThenZeros()
    {
        byte[] buffer = Buffer();

        int length = TrackingMessage.WriteRequest(buffer, Sequence);

        string expected =
            "06" + "01" + "00" + "00" // version, request, res1, res2
            + "0021"                  // command 33
            + "0000"                  // attempt
            + "a1b2c3d4"              // sequence
            + "00000000" + "00000000" // pad1, pad2
            + new string('0', 84 * 2);
        Assert.Equal(expected, Convert.ToHexStringLower(buffer, 0, length));
        Assert.All(buffer[length..], b => Assert.Equal(0xEE, b)); // nothing written past the request
    }

    [Fact]
    public void ResetSourcesRequestIsPaddedTo28()
    {
        byte[] buffer = Buffer();

        int length = ResetSourcesMessage.WriteRequest(buffer, Sequence);

        Assert.Equal("0601" + "0000" + "0042" + "0000" + "a1b2c3d4" + "0000000000000000" + "0000000000000000",
            Convert.ToHexStringLower(buffer, 0, length));
    }

    [Fact]
    public void BurstRequestToAllSources()
    {
        byte[] buffer = Buffer();

        int length = BurstMessage.WriteRequest(buffer, Sequence, 4, 8);

        string expected =
            "0601" + "0000" + "0003" + "0000" + "a1b2c3d4" + "0000000000000000"
            + new string('0', 40)     // mask: IPAddr family 0
            + new string('0', 40)     // address: IPAddr family 0
            + "00000004"              // n_good_samples
            + "00000008";             // n_total_samples
        Assert.Equal(expected, Convert.ToHexStringLower(buffer, 0, length));
    }

    [Fact]
    public void SourceDataRequestCarriesTheIndex()
    {
        byte[] buffer = Buffer();

        int length = SourceDataMessage.WriteRequest(buffer, Sequence, 0x01020304);

        Assert.Equal("000f", Convert.ToHexStringLower(buffer, 4, 2));
        Assert.Equal("01020304", Convert.ToHexStringLower(buffer, 20, 4));
        Assert.All(buffer[24..length], b => Assert.Equal(0, b));
    }

    [Fact]
    public void BufferTooSmallThrowsBeforeWriting()
    {
        byte[] small = new byte[50];

        Assert.ThrowsAny<ArgumentException>(() => TrackingMessage.WriteRequest(small, Sequence));
    }

    // Filled with 0xEE so that every byte a request leaves alone is visible.
    private static byte[] Buffer() => Enumerable.Repeat((byte)0xEE, 128).ToArray();
}
