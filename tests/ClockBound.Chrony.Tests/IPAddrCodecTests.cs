using System.Net;
using ClockBound.Chrony.Protocol;

namespace ClockBound.Chrony.Tests;

public class IPAddrCodecTests
{
    [Fact]
    public void DecodesIPv4()
    {
        byte[] bytes = Convert.FromHexString("7f000001" + "000000000000000000000000" + "0001" + "0000");

        Assert.Equal(IPAddress.Loopback, IPAddrCodec.Read(bytes, out ushort family));
        Assert.Equal((ushort)1, family);
    }

    [Fact]
    public void DecodesIPv6()
    {
        byte[] bytes = Convert.FromHexString("20010db8000000000000000000000001" + "0002" + "0000");

        Assert.Equal(IPAddress.Parse("2001:db8::1"), IPAddrCodec.Read(bytes, out ushort family));
        Assert.Equal((ushort)2, family);
    }

    [Fact]
    public void DecodesReferenceIdAsIPv4Shaped()
    {
        byte[] bytes = Convert.FromHexString("50484330" + "000000000000000000000000" + "0003" + "0000");

        Assert.Equal(new IPAddress([0x50, 0x48, 0x43, 0x30]), IPAddrCodec.Read(bytes, out ushort family));
        Assert.Equal((ushort)3, family);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(0xffff)]
    public void UnspecifiedOrUnknownFamilyHasNoAddress(int familyValue)
    {
        byte[] bytes = Convert.FromHexString("7f000001" + "000000000000000000000000" + familyValue.ToString("x4") + "0000");

        Assert.Null(IPAddrCodec.Read(bytes, out ushort family));
        Assert.Equal((ushort)familyValue, family);
    }

    [Fact]
    public void UnspecifiedIsTwentyZeroBytes()
    {
        byte[] bytes = Enumerable.Repeat((byte)0xee, 24).ToArray();

        IPAddrCodec.WriteUnspecified(bytes);

        Assert.All(bytes[..20], b => Assert.Equal(0, b));
        Assert.All(bytes[20..], b => Assert.Equal(0xee, b));
    }
}
