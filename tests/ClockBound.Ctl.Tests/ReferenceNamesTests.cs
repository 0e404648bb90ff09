using System.Net;

namespace ClockBound.Ctl.Tests;

public sealed class ReferenceNamesTests
{
    [Fact]
    public void IPv4_source_is_its_address() =>
        Assert.Equal("127.0.0.1", ReferenceNames.For(Reports.EveryFieldDistinct()));

    [Fact]
    public void IPv6_source_is_its_address() =>
        Assert.Equal("fd00::1", ReferenceNames.For(Reports.EveryFieldDistinct() with { Address = IPAddress.Parse("fd00::1"), AddressFamily = 2 }));

    [Fact]
    public void Reference_clock_without_address_is_its_ref_id_text() =>
        Assert.Equal("PHC0", ReferenceNames.For(Reports.EveryFieldDistinct() with { RefId = 0x50484330, Address = null, AddressFamily = 0 }));

    [Fact]
    public void Local_reference_id_has_no_printable_characters() =>
        Assert.Equal("", ReferenceNames.For(Reports.EveryFieldDistinct() with { RefId = 0x7F7F0101, Address = null, AddressFamily = 0 }));

    [Fact]
    public void Reference_id_address_is_shown_as_chronyc_does() =>
        Assert.Equal("ID#0000000005", ReferenceNames.For(Reports.EveryFieldDistinct() with { Address = new IPAddress(new byte[] { 0, 0, 0, 5 }), AddressFamily = 3 }));

    [Theory]
    [InlineData(0x47505300u, "GPS")]   // padded with a zero byte
    [InlineData(0x50505300u, "PPS")]
    [InlineData(0x00000000u, "")]
    [InlineData(0x20417E7Fu, " A~")]   // space and tilde are printable, DEL is not
    public void Printable_ref_id_keeps_printable_ascii(uint refId, string expected) =>
        Assert.Equal(expected, ReferenceNames.PrintableRefId(refId));
}
