using System.Net;
using System.Text.Json;
using ClockBound.Chrony;

namespace ClockBound.Ctl.Tests;

public sealed class SourcesFormatterTests
{
    private static SourceReport Server(double offset = -92e-9, double measured = -164e-9, double error = 3156e-9, uint lastRx = 0) => new()
    {
        Address = IPAddress.Loopback,
        AddressFamily = 1,
        PollLog2 = -1,
        Stratum = 1,
        State = SourceState.Selected,
        Mode = SourceMode.Client,
        Flags = 0,
        Reachability = 0xFF,
        SecondsSinceSample = lastRx,
        LatestOffset = Near(offset),
        OriginalLatestOffset = Near(measured),
        LatestOffsetError = Near(error),
    };

    /// <summary>The chrony float nearest <paramref name="value"/> (24 significant bits).</summary>
    private static ChronyFloat Near(double value)
    {
        int power = -89;
        while (Math.Abs(Math.Round(Math.ScaleB(value, -power))) >= 1 << 23)
        {
            power++;
        }
        return Floats.Of((int)Math.Round(Math.ScaleB(value, -power)), power);
    }

    [Fact]
    public void ColumnsOfChronycSources()
    {
        // A line chronyc -n sources printed for the same values on this host.
        string text = SourcesFormatter.FormatText([Server()]);

        Assert.Equal(
            "MS Name/IP address         Stratum Poll Reach LastRx Last sample               \n" +
            "===============================================================================\n" +
            "^* 127.0.0.1                     1  -1   377     0    -92ns[ -164ns] +/- 3156ns\n",
            text);
    }

    [Fact]
    public void AReferenceClockIsNamedByItsRefid()
    {
        SourceReport phc = Server() with
        {
            Mode = SourceMode.ReferenceClock,
            AddressFamily = 3,
            Address = new IPAddress([0x50, 0x48, 0x43, 0x30]), // "PHC0"
            State = SourceState.Selectable,
            Stratum = 0,
            PollLog2 = 0,
        };

        Assert.StartsWith("#+ PHC0                          0   0   377", SourcesFormatter.FormatText([phc]).Split('\n')[2]);
    }

    [Theory]
    [InlineData(0.0, "   +0ns")]
    [InlineData(-92e-9, "  -92ns")]
    [InlineData(9999e-9, "+9999ns")]
    [InlineData(12_345e-9, "  +12us")]
    [InlineData(-1.5e-3, "-1500us")]
    [InlineData(0.25, " +250ms")]
    [InlineData(-12.0, "  -12s")]
    public void SignedOffsets(double seconds, string expected) => Assert.Equal(expected, SourcesFormatter.SignedText(seconds));

    [Theory]
    [InlineData(3156e-9, "3156ns")]
    [InlineData(3156.2e-9, "3157ns")] // a bound: rounded up
    [InlineData(20_000.1e-9, "  21us")]
    public void ErrorsRoundUp(double seconds, string expected) => Assert.Equal(expected, SourcesFormatter.ErrorText(seconds));

    [Theory]
    [InlineData(0u, "0")]
    [InlineData(9999u, "9999")]
    [InlineData(10_000u, "166m")]
    [InlineData(600_000u, "166h")]
    [InlineData(uint.MaxValue, "-")]
    public void LastRx(uint seconds, string expected) => Assert.Equal(expected, SourcesFormatter.LastRxText(seconds));

    [Fact]
    public void JsonHasEverySource()
    {
        using JsonDocument document = JsonDocument.Parse(SourcesFormatter.FormatJson([Server(), Server(lastRx: uint.MaxValue)], "/run/chrony/chronyd.sock"));
        JsonElement json = document.RootElement;

        Assert.Equal("/run/chrony/chronyd.sock", json.GetProperty("chrony_socket").GetString());
        JsonElement first = json.GetProperty("sources")[0];
        Assert.Equal("server", first.GetProperty("mode").GetString());
        Assert.Equal("selected", first.GetProperty("state").GetString());
        Assert.Equal("127.0.0.1", first.GetProperty("name").GetString());
        Assert.Equal(255, first.GetProperty("reachability").GetInt32());
        Assert.Equal(-1, first.GetProperty("poll_log2").GetInt32());
        Assert.Equal(0, first.GetProperty("last_rx_s").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sources")[1].GetProperty("last_rx_s").ValueKind);
    }
}
