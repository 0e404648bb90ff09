using System.Net;

namespace ClockBound.Daemon.Tests;

public sealed class MetricsListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9464", "127.0.0.1", 9464, "127.0.0.1:9464")]
    [InlineData("0.0.0.0:1", "0.0.0.0", 1, "0.0.0.0:1")]
    [InlineData("[::1]:65535", "::1", 65535, "[::1]:65535")]
    [InlineData("[::]:9464", "::", 9464, "[::]:9464")]
    public void ParsesAddressAndPort(string text, string address, int port, string normalised)
    {
        Assert.True(MetricsListenAddress.TryParse(text, out MetricsListenAddress? parsed, out string? error), error);
        Assert.Equal(IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(normalised, parsed.ToString());
    }

    [Fact]
    public void AnyAddressIsAny()
    {
        Assert.True(MetricsListenAddress.TryParse("0.0.0.0:9464", out MetricsListenAddress? v4, out _));
        Assert.True(MetricsListenAddress.TryParse("[::]:9464", out MetricsListenAddress? v6, out _));
        Assert.True(MetricsListenAddress.TryParse("127.0.0.1:9464", out MetricsListenAddress? loopback, out _));
        Assert.True(v4.IsAny);
        Assert.True(v6.IsAny);
        Assert.False(loopback.IsAny);
    }

    [Theory]
    [InlineData("9464", "is not ADDR:PORT")]
    [InlineData("127.0.0.1:", "is not ADDR:PORT")]
    [InlineData(":9464", "is not ADDR:PORT")]
    [InlineData("localhost:9464", "is not an IP address")]
    [InlineData("10.1:9464", "is not an IP address")]
    [InlineData("::1:9464", "is not an IP address")]
    [InlineData("[127.0.0.1]:9464", "is not an IP address")]
    [InlineData("127.0.0.1:0", "from 1 to 65535")]
    [InlineData("127.0.0.1:65536", "from 1 to 65535")]
    [InlineData("127.0.0.1:+80", "from 1 to 65535")]
    [InlineData("127.0.0.1:http", "from 1 to 65535")]
    public void RefusesWhatIsNotAnAddressAndPort(string text, string expected)
    {
        Assert.False(MetricsListenAddress.TryParse(text, out _, out string? error));
        Assert.StartsWith("--metrics-listen: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
