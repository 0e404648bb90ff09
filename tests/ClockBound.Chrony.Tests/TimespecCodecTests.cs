using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony.Tests;

public class TimespecCodecTests
{
    [Theory]
    [InlineData("7fffffff" + "12345678" + "00000000", 0x12345678L, 0u)]           // no high part
    [InlineData("7fffffff" + "ffffffff" + "00000001", 0xffffffffL, 1u)]           // no high part, low is unsigned
    [InlineData("00000000" + "ffffffff" + "3b9ac9ff", 0xffffffffL, 999_999_999u)] // high 0
    [InlineData("00000001" + "00000002" + "00000003", (1L << 32) + 2, 3u)]        // high part used
    [InlineData("7ffffffe" + "ffffffff" + "00000000", 0x7ffffffeffffffffL, 0u)]   // largest high part
    public void DecodesSecondsAndNanoseconds(string hex, long seconds, uint nanoseconds)
    {
        long decoded = TimespecCodec.Read(Convert.FromHexString(hex), out uint ns);

        Assert.Equal(seconds, decoded);
        Assert.Equal(nanoseconds, ns);
    }

    [Theory]
    [InlineData("00000000" + "00000000" + "3b9aca00")] // 10^9 ns
    [InlineData("00000000" + "00000000" + "ffffffff")]
    [InlineData("80000000" + "00000000" + "00000000")] // seconds ≥ 2^63
    [InlineData("ffffffff" + "00000000" + "00000000")]
    public void RejectsOutOfRange(string hex)
    {
        Assert.Throws<ChronyException>(() => TimespecCodec.Read(Convert.FromHexString(hex), out _));
    }
}
