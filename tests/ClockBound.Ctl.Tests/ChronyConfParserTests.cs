namespace ClockBound.Ctl.Tests;

public sealed class ChronyConfParserTests
{
    [Fact]
    public void DirectivesWithTheirWordsFileAndLine()
    {
        const string Text = "# comment\n! also\n; also\n% also\n\n  server 169.254.169.123  prefer iburst\nMaxClockError\t50\r\nrefclock PHC /dev/ptp0 refid PHC0\n";

        IReadOnlyList<ChronyConfDirective> directives = ChronyConfParser.Parse(Text, "/etc/chrony.conf");

        Assert.Equal(3, directives.Count);
        Assert.Equal("server", directives[0].Name);
        Assert.Equal(["169.254.169.123", "prefer", "iburst"], directives[0].Arguments);
        Assert.Equal(6, directives[0].Line);
        Assert.Equal("maxclockerror", directives[1].Name); // chronyd reads names case-insensitively
        Assert.Equal(["50"], directives[1].Arguments);     // the CR of a CRLF line is not part of the value
        Assert.Equal("/etc/chrony.conf:7", directives[1].Where);
        Assert.Equal("refclock", directives[2].Name);
    }

    [Fact]
    public void EmptyTextHasNoDirectives() => Assert.Empty(ChronyConfParser.Parse("", "x"));

    [Theory]
    [InlineData("maxclockerror 50", 50.0)]
    [InlineData("maxclockerror 0.5", 0.5)]
    [InlineData("maxclockerror fifty", null)]
    [InlineData("maxclockerror", null)]
    public void MaxClockErrorValue(string line, double? ppm)
    {
        var conf = new ChronyConf("f", ChronyConfParser.Parse(line, "f"), ["f"], []);
        Assert.NotNull(conf.MaxClockError);
        Assert.Equal(ppm, ChronyConf.Ppm(conf.MaxClockError));
    }

    [Fact]
    public void TheLastMaxclockerrorCounts()
    {
        var conf = new ChronyConf("f", ChronyConfParser.Parse("maxclockerror 1\nmaxclockerror 50\n", "f"), ["f"], []);
        Assert.Equal(2, conf.MaxClockError!.Line);
    }

    [Fact]
    public void PhcRefidsFromTheRefidOptionOrChronydsDefault()
    {
        const string Text = "refclock SHM 0 refid GPS\nrefclock PHC /dev/ptp0 poll 0\nrefclock phc /dev/ptp_ena refid ENA0\n";
        var conf = new ChronyConf("f", ChronyConfParser.Parse(Text, "f"), ["f"], []);
        // chronyd's default refid: the driver's first three letters and the refclock's index among all refclocks.
        Assert.Equal(["PHC1", "ENA0"], conf.PhcRefIds());
    }
}
