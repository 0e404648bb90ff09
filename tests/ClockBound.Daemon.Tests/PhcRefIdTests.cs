namespace ClockBound.Daemon.Tests;

public sealed class PhcRefIdTests
{
    [Theory]
    [InlineData("PHC0", 0x50484330u)]
    [InlineData("GPS", 0x47505300u)]
    [InlineData("P", 0x50000000u)]
    [InlineData("!~~!", 0x217E7E21u)]
    public void PacksBigEndianPaddedWithZeros(string text, uint expected)
    {
        Assert.True(PhcRefId.TryParse(text, out uint refId, out string? error), error);
        Assert.Equal(expected, refId);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("PHC00")]
    [InlineData("PH C")]
    [InlineData("PHC\u00e9")]
    [InlineData("PH\tC")]
    [InlineData("PH\u007fC")]
    public void RejectsWhatIsNotOneToFourPrintableAsciiCharacters(string? text)
    {
        Assert.False(PhcRefId.TryParse(text, out _, out string? error));
        Assert.Contains("printable ASCII", error, StringComparison.Ordinal);
    }
}
