namespace ClockBound.Ctl.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], "Required command was not provided.")]
    [InlineData(new[] { "bogus" }, "Unrecognized command or argument 'bogus'.")]
    [InlineData(new[] { "now", "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    [InlineData(new[] { "now", "extra" }, "Unrecognized command or argument 'extra'.")]
    [InlineData(new[] { "now", "--shm-path" }, "Required argument missing for option: '--shm-path'.")]
    [InlineData(new[] { "now", "--shm-path", "" }, "--shm-path must be a non-empty path; got ''")]
    [InlineData(new[] { "watch", "--interval-ms", "9" }, "--interval-ms must be a whole number from 10 to 60000; got '9'")]
    [InlineData(new[] { "watch", "--interval-ms", "60001" }, "--interval-ms must be a whole number from 10 to 60000; got '60001'")]
    [InlineData(new[] { "watch", "--interval-ms", "1.5" }, "--interval-ms must be a whole number from 10 to 60000; got '1.5'")]
    [InlineData(new[] { "watch", "--interval-ms", "abc" }, "--interval-ms must be a whole number from 10 to 60000; got 'abc'")]
    [InlineData(new[] { "watch", "--count", "-1" }, "--count must be a whole number from 0 to 2147483647; got '-1'")]
    [InlineData(new[] { "watch", "--count", "99999999999" }, "--count must be a whole number from 0 to 2147483647; got '99999999999'")]
    [InlineData(new[] { "tracking", "--timeout-ms", "0" }, "--timeout-ms must be a whole number from 10 to 60000; got '0'")]
    [InlineData(new[] { "tracking", "--chrony-socket", "" }, "--chrony-socket must be a non-empty path; got ''")]
    [InlineData(new[] { "tracking", "--client-socket-dir", "" }, "--client-socket-dir must be a non-empty path; got ''")]
    [InlineData(new[] { "now", "--version" }, "Unrecognized command or argument '--version'.")]
    public void BadArgumentsExit2WithAUsageMessage(string[] args, string message)
    {
        CtlResult result = Ctl.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"clockboundctl: error: {message}", lines);
        Assert.StartsWith("Usage: clockboundctl now|watch|waitsync|status|tracking|sources|doctor [options]", lines[^1]);
    }

    [Fact]
    public void VersionPrintsTheProgramAndItsVersion()
    {
        CtlResult result = Ctl.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("clockboundctl 0.1.0\n", result.Output);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "now")]
    [InlineData(new[] { "-h" }, "tracking")]
    [InlineData(new[] { "now", "--help" }, "--shm-path <PATH>")]
    [InlineData(new[] { "watch", "--help" }, "--interval-ms <MS>")]
    [InlineData(new[] { "tracking", "--help" }, "--chrony-socket <PATH>")]
    public void HelpExits0AndDescribesTheOptions(string[] args, string expected)
    {
        CtlResult result = Ctl.Run(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains(expected, result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void ARealProcessExits2OnBadArguments()
    {
        using CtlProcess process = CtlProcess.Start("watch", "--interval-ms", "5");

        Assert.Equal(2, process.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("clockboundctl: error: --interval-ms must be a whole number from 10 to 60000; got '5'", process.Error);
    }
}
