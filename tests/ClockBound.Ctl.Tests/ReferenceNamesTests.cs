using System.Net;

namespace ClockBound.Ctl.Tests;

public sealed class ReferenceNamesTests
{
    [Fact]
    public void IPv4SourceIsItsAddress() =>
        Assert.Equal("127.0.0.1", ReferenceNames.For(Reports.EveryFieldDistinct()));

    [Fact]
    public void IPv6SourceIsItsAddress() =>
        Assert.Equal("fd00::1", ReferenceNames.For(Reports.EveryFieldDistinct() with { Address = IPAddress.Parse("fd00::1"), AddressFamily = 2 }));

    [Fact]
    public void ReferenceClockWithoutAddressIsItsRefIdText() =>
        Assert.Equal("PHC0", ReferenceNames.For(Reports.EveryFieldDistinct() with { RefId = 0x50484330, Address = null, AddressFamily = 0 }));

    [Fact]
    public void LocalReferenceIdHasNoPrintableCharacters() =>
        Assert.Equal("", ReferenceNames.For(Reports.EveryFieldDistinct() with { RefId = 0x7F7F0101, Address = null, AddressFamily = 0 }));

    [Fact]
    public void ReferenceIdAddressIsShownAsChronycDoes() =>
        Assert.Equal("ID#0000000005", ReferenceNames.For(Reports.EveryFieldDistinct() with { Address = new IPAddress(new byte[] { 0, 0, 0, 5 }), AddressFamily = 3 }));

    [Theory]
    [InlineData(0x47505300u, "GPS")]   // padded with a zero byte
    [InlineData(0x50505300u, "PPS")]
    [InlineData(0x00000000u, "")]
    [InlineData(0x20417E7Fu, " A~")]   // space and tilde are printable, DEL is not
    public void PrintableRefIdKeepsPrintableAscii(uint refId, string expected) =>
        Assert.Equal(expected, ReferenceNames.PrintableRefId(refId));
}
