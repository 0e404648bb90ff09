namespace ClockBound.Chrony.Tests;

/// <summary>Reading a pid back from a client socket's file name: only exactly PREFIX.PID.sock or PREFIX.PID.N.sock counts.</summary>
public sealed class ClientSocketNameTests
{
    [Theory]
    [InlineData("clockbound.1.sock", "clockbound", 1)]
    [InlineData("clockbound.4242.sock", "clockbound", 4242)]
    [InlineData("clockbound.4194304.sock", "clockbound", 4194304)] // Linux's largest pid_max
    [InlineData("clockbound.2147483647.sock", "clockbound", int.MaxValue)]
    [InlineData("clockboundctl.77.sock", "clockboundctl", 77)]
    [InlineData("my.app.9.sock", "my.app", 9)]
    [InlineData("a*b.5.sock", "a*b", 5)]
    public void ParsesThePidOfAnExactName(string fileName, string prefix, int pid)
    {
        Assert.Equal(pid, ClientSocketName.ParsePid(fileName, prefix));
        Assert.Equal(fileName, ClientSocketName.Format(prefix, pid));
    }

    [Theory]
    [InlineData("chronyc.123.sock")]        // chronyc's
    [InlineData("chronyd.sock")]            // chronyd's own
    [InlineData("clockboundctl.123.sock")]  // a longer prefix that starts with ours
    [InlineData("clockbound123.sock")]      // no dot after the prefix
    [InlineData("xclockbound.123.sock")]
    [InlineData("Clockbound.123.sock")]     // case matters
    [InlineData("clockbound.12x.sock")]
    [InlineData("clockbound.x12.sock")]
    [InlineData("clockbound..sock")]
    [InlineData("clockbound.sock")]
    [InlineData("clockbound.")]
    [InlineData("clockbound")]
    [InlineData("")]
    [InlineData("clockbound.-5.sock")]
    [InlineData("clockbound.+5.sock")]
    [InlineData("clockbound.0.sock")]
    [InlineData("clockbound.007.sock")]     // not what we would have written for pid 7
    [InlineData("clockbound. 5.sock")]
    [InlineData("clockbound.5 .sock")]
    [InlineData("clockbound.٣.sock")]       // a non-ASCII digit
    [InlineData("clockbound.2147483648.sock")]
    [InlineData("clockbound.99999999999999999999.sock")]
    [InlineData("clockbound.1.2.3.sock")]
    [InlineData("clockbound.123.1.sock")]   // the first connection has no number
    [InlineData("clockbound.123.0.sock")]
    [InlineData("clockbound.123.02.sock")]
    [InlineData("clockbound.123.-2.sock")]
    [InlineData("clockbound.123..sock")]
    [InlineData("clockbound..2.sock")]
    [InlineData("clockbound.0.2.sock")]
    [InlineData("clockbound.123.2147483648.sock")]
    [InlineData("clockbound.123.x.sock")]
    [InlineData("clockbound.123.sock.old")]
    [InlineData("clockbound.123.socket")]
    [InlineData("clockbound.123.SOCK")]
    [InlineData("clockbound.123.sock ")]
    [InlineData("clockbound.123")]
    [InlineData("clockbound.123.pid")]
    public void RejectsEveryOtherName(string fileName)
    {
        Assert.Null(ClientSocketName.ParsePid(fileName, "clockbound"));
    }

    [Theory]
    [InlineData("clockbound.123.2.sock", "clockbound", 123, 2)]
    [InlineData("clockbound.123.17.sock", "clockbound", 123, 17)]
    [InlineData("my.app.9.2.sock", "my.app", 9, 2)]
    public void ParsesThePidOfAFurtherConnectionsName(string fileName, string prefix, int pid, int connection)
    {
        Assert.Equal(pid, ClientSocketName.ParsePid(fileName, prefix));
        Assert.Equal(fileName, ClientSocketName.Format(prefix, pid, connection));
    }

    [Fact]
    public void TheFirstConnectionHasNoNumber()
    {
        Assert.Equal("clockbound.5.sock", ClientSocketName.Format("clockbound", 5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientSocketName.Format("clockbound", 5, 0));
    }

    [Fact]
    public void AnEmptyPrefixMatchesNothing()
    {
        Assert.Null(ClientSocketName.ParsePid(".5.sock", ""));
        Assert.Null(ClientSocketName.ParsePid("5.sock", ""));
    }
}
