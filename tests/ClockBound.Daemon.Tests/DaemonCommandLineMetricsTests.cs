using System.Net;

namespace ClockBound.Daemon.Tests;

/// <summary><c>--metrics-listen</c> on the daemon's command line.</summary>
public sealed class DaemonCommandLineMetricsTests
{
    [Fact]
    public void MetricsAreOffByDefault()
    {
        Assert.Null(Parse().Options!.MetricsListen);
    }

    [Fact]
    public void MetricsListenTakesAnAddressAndPort()
    {
        DaemonOptions options = Parse("--metrics-listen", "127.0.0.1:9464").Options!;
        Assert.Equal(new MetricsListenAddress(IPAddress.Loopback, 9464), options.MetricsListen);
        Assert.Equal(new MetricsListenAddress(IPAddress.IPv6Loopback, 9100), Parse("--metrics-listen=[::1]:9100").Options!.MetricsListen);
    }

    [Theory]
    [InlineData("localhost:9464", "--metrics-listen: 'localhost' is not an IP address")]
    [InlineData("127.0.0.1:0", "--metrics-listen: the port '0' is not a whole number from 1 to 65535")]
    [InlineData("127.0.0.1", "--metrics-listen: '127.0.0.1' is not ADDR:PORT")]
    public void BadMetricsListenIsAUsageErrorNamingTheFlag(string value, string expected)
    {
        (DaemonOptions? options, int exitCode, string error) = Parse("--metrics-listen", value);
        Assert.Null(options);
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("clockbound: error: " + expected, error, StringComparison.Ordinal);
        Assert.Contains("clockbound --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricsListenWithoutAValueSaysWhatItTakes()
    {
        (_, int exitCode, string error) = Parse("--metrics-listen");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("--metrics-listen needs a value: ADDR:PORT", error, StringComparison.Ordinal);
    }

    private static (DaemonOptions? Options, int ExitCode, string Error) Parse(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        CommandLineOutcome outcome = DaemonCommandLine.Parse(args, output, error, _ => false);
        return (outcome.Options, outcome.ExitCode, error.ToString());
    }
}
