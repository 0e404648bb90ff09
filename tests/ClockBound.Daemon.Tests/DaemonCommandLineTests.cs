namespace ClockBound.Daemon.Tests;

public sealed class DaemonCommandLineTests
{
    private sealed record Parsed(DaemonOptions? Options, int ExitCode, string Output, string Error);

    private static Parsed Parse(params string[] args) => ParseWith(_ => false, args);

    private static Parsed ParseWith(Func<string, bool> exists, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        CommandLineOutcome outcome = DaemonCommandLine.Parse(args, output, error, exists);
        return new Parsed(outcome.Options, outcome.ExitCode, output.ToString(), error.ToString());
    }

    private static DaemonOptions Ok(params string[] args)
    {
        Parsed parsed = Parse(args);
        Assert.True(parsed.Options is not null, parsed.Error);
        Assert.Equal("", parsed.Error);
        Assert.Equal("", parsed.Output);
        return parsed.Options;
    }

    private static string Bad(params string[] args)
    {
        Parsed parsed = Parse(args);
        Assert.Null(parsed.Options);
        Assert.Equal(ExitCodes.UsageError, parsed.ExitCode);
        Assert.NotEqual(0, parsed.ExitCode);
        Assert.Contains("clockbound --help", parsed.Error, StringComparison.Ordinal);
        return parsed.Error;
    }

    [Fact]
    public void Defaults()
    {
        DaemonOptions options = Ok();
        Assert.Equal(1u, options.MaxDriftRatePpm);
        Assert.Equal(1000u, options.MaxDriftPpb);
        Assert.False(options.MaxDriftRateGiven);
        Assert.False(options.JsonOutput);
        Assert.False(options.DisableClockDisruptionSupport);
        Assert.Null(options.PhcRefId);
        Assert.Null(options.PhcRefIdText);
        Assert.Null(options.PhcInterface);
        Assert.Equal("/var/run/clockbound/shm0", options.ShmPath);
        Assert.Equal("/var/run/clockbound/shm", options.ShmV1Path);
        Assert.Equal("/run/chrony/chronyd.sock", options.ChronySocketPath);
        Assert.Equal("/dev/vmclock0", options.VMClockPath);
        Assert.False(options.VMClockPathGiven);
        Assert.Equal("/sys", options.SysfsRoot);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.PollInterval);
    }

    [Theory]
    [InlineData("-m")]
    [InlineData("--max-drift-rate")]
    public void MaxDriftRate(string flag)
    {
        DaemonOptions options = Ok(flag, "50");
        Assert.Equal(50u, options.MaxDriftRatePpm);
        Assert.Equal(50_000u, options.MaxDriftPpb);
        Assert.True(options.MaxDriftRateGiven);
    }

    [Fact]
    public void MaxDriftRateExtremesAreAllowed()
    {
        Assert.Equal(1u, Ok("-m", "1").MaxDriftRatePpm);
        Assert.True(Ok("-m", "1").MaxDriftRateGiven);
        Assert.Equal(999_999_000u, Ok("--max-drift-rate=999999").MaxDriftPpb);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1000000")]
    [InlineData("50.5")]
    [InlineData("fifty")]
    [InlineData("99999999999999999999999")]
    public void MaxDriftRateOutsideTheAllowedRangeIsRefused(string value)
    {
        string error = Bad("-m", value);
        Assert.Contains("--max-drift-rate must be a whole number of PPM from 1 to 999999", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxDriftRateWithoutValueIsRefused() => Assert.Contains("-m", Bad("-m"), StringComparison.Ordinal);

    [Theory]
    [InlineData("-j")]
    [InlineData("--json-output")]
    public void JsonOutput(string flag) => Assert.True(Ok(flag).JsonOutput);

    [Theory]
    [InlineData("-d")]
    [InlineData("--disable-clock-disruption-support")]
    public void DisableClockDisruptionSupport(string flag) => Assert.True(Ok(flag).DisableClockDisruptionSupport);

    [Fact]
    public void ShortFlagsBundle()
    {
        DaemonOptions options = Ok("-jd");
        Assert.True(options.JsonOutput);
        Assert.True(options.DisableClockDisruptionSupport);
    }

    [Theory]
    [InlineData("-r", "-i")]
    [InlineData("--phc-ref-id", "--phc-interface")]
    public void PhcRefIdAndInterface(string refFlag, string ifaceFlag)
    {
        DaemonOptions options = Ok(refFlag, "PHC0", ifaceFlag, "ens5");
        Assert.Equal(0x50484330u, options.PhcRefId);
        Assert.Equal("PHC0", options.PhcRefIdText);
        Assert.Equal("ens5", options.PhcInterface);
    }

    [Fact]
    public void RefIdWithoutInterfaceIsRefused() =>
        Assert.Contains("-r/--phc-ref-id requires -i/--phc-interface", Bad("-r", "PHC0"), StringComparison.Ordinal);

    [Fact]
    public void InterfaceWithoutRefIdIsRefused() =>
        Assert.Contains("-i/--phc-interface requires -r/--phc-ref-id", Bad("-i", "eth0"), StringComparison.Ordinal);

    [Theory]
    [InlineData("PHC00")]
    [InlineData("PHC\u00e9")]
    [InlineData("P C")]
    public void BadRefIdIsRefused(string refId)
    {
        string error = Bad("-r", refId, "-i", "eth0");
        Assert.Contains("-r/--phc-ref-id", error, StringComparison.Ordinal);
        Assert.Contains("printable ASCII", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../eth0")]
    [InlineData("..")]
    [InlineData("a-name-far-too-long")]
    [InlineData("eth 0")]
    public void BadInterfaceNameIsRefused(string iface)
    {
        string error = Bad("-r", "PHC0", "-i", iface);
        Assert.Contains("-i/--phc-interface", error, StringComparison.Ordinal);
        Assert.Contains("not a network interface name", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chrony")]
    [InlineData("CHRONY")]
    [InlineData("Chrony")]
    public void ClockErrorBoundSourceChronyIsAcceptedInAnyCase(string value) => Ok("--clock-error-bound-source", value);

    [Theory]
    [InlineData("vmclock")]
    [InlineData("VMClock")]
    public void ClockErrorBoundSourceVMClockIsRefusedWithTheReason(string value)
    {
        string error = Bad("--clock-error-bound-source", value);
        Assert.Contains("vmclock is not supported", error, StringComparison.Ordinal);
        Assert.Contains("hypervisor", error, StringComparison.Ordinal);
        Assert.Contains("CLOCK_REALTIME", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ClockErrorBoundSourceOtherValueIsRefusedWithTheAllowedOnes() =>
        Assert.Contains("must be chrony or vmclock", Bad("--clock-error-bound-source", "ntp"), StringComparison.Ordinal);

    [Fact]
    public void Paths()
    {
        DaemonOptions options = Ok("--shm-path", "/tmp/a/shm0", "--shm-v1-path", "/tmp/a/shm", "--chrony-socket", "/tmp/c.sock",
            "--vmclock-path", "/tmp/vmclock", "--sysfs-root", "/tmp/sys");
        Assert.Equal("/tmp/a/shm0", options.ShmPath);
        Assert.Equal("/tmp/a/shm", options.ShmV1Path);
        Assert.Equal("/tmp/c.sock", options.ChronySocketPath);
        Assert.Equal("/tmp/vmclock", options.VMClockPath);
        Assert.True(options.VMClockPathGiven);
        Assert.Equal("/tmp/sys", options.SysfsRoot);
    }

    [Fact]
    public void ExplicitDefaultVMClockPathStillCountsAsGiven()
    {
        DaemonOptions options = Ok("--vmclock-path", "/dev/vmclock0");
        Assert.True(options.VMClockPathGiven);
    }

    [Fact]
    public void ShmV1PathNoneDisablesVersion1() => Assert.Null(Ok("--shm-v1-path", "none").ShmV1Path);

    [Fact]
    public void SameFileForBothSegmentsIsRefused() =>
        Assert.Contains("need different files", Bad("--shm-path", "/tmp/x", "--shm-v1-path", "/tmp/./x"), StringComparison.Ordinal);

    [Theory]
    [InlineData("--shm-path")]
    [InlineData("--shm-v1-path")]
    [InlineData("--chrony-socket")]
    [InlineData("--vmclock-path")]
    [InlineData("--sysfs-root")]
    public void EmptyPathIsRefused(string flag) =>
        Assert.Contains($"{flag} must be a non-empty path", Bad(flag, ""), StringComparison.Ordinal);

    [Fact]
    public void ChronySocketPrefersRunThenVarRun()
    {
        Assert.Equal("/run/chrony/chronyd.sock", ParseWith(p => true).Options!.ChronySocketPath);
        Assert.Equal("/var/run/chrony/chronyd.sock", ParseWith(p => p == "/var/run/chrony/chronyd.sock").Options!.ChronySocketPath);
        Assert.Equal("/run/chrony/chronyd.sock", ParseWith(p => false).Options!.ChronySocketPath);
        // An explicit path is used as it is, existing or not.
        Assert.Equal("/x.sock", ParseWith(p => p == "/var/run/chrony/chronyd.sock", "--chrony-socket", "/x.sock").Options!.ChronySocketPath);
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData("100", 100)]
    [InlineData("1000", 1000)]
    public void PollInterval(string value, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Ok("--poll-interval-ms", value).PollInterval);

    [Theory]
    [InlineData("9")]
    [InlineData("1001")]
    [InlineData("0")]
    [InlineData("x")]
    public void PollIntervalOutsideTheRangeIsRefused(string value) =>
        Assert.Contains("--poll-interval-ms must be a whole number of milliseconds from 10 to 1000", Bad("--poll-interval-ms", value), StringComparison.Ordinal);

    [Fact]
    public void UnknownFlagIsRefused() => Assert.Contains("'--bogus'", Bad("--bogus"), StringComparison.Ordinal);

    [Fact]
    public void StrayArgumentIsRefused() => Assert.Contains("'extra'", Bad("extra"), StringComparison.Ordinal);

    [Fact]
    public void EveryErrorIsReported()
    {
        string error = Bad("-m", "0", "--poll-interval-ms", "1");
        Assert.Contains("--max-drift-rate", error, StringComparison.Ordinal);
        Assert.Contains("--poll-interval-ms", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help(string flag)
    {
        Parsed parsed = Parse(flag);
        Assert.Null(parsed.Options);
        Assert.Equal(0, parsed.ExitCode);
        foreach (string option in new[]
                 {
                     "-m, --max-drift-rate", "-j, --json-output", "-d, --disable-clock-disruption-support", "-r, --phc-ref-id",
                     "-i, --phc-interface", "--clock-error-bound-source", "--shm-path", "--shm-v1-path", "--chrony-socket",
                     "--vmclock-path", "--sysfs-root", "--poll-interval-ms", "-V, --version",
                 })
        {
            Assert.Contains(option, parsed.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    public void Version(string flag)
    {
        Parsed parsed = Parse(flag);
        Assert.Null(parsed.Options);
        Assert.Equal(0, parsed.ExitCode);
        Assert.Matches(@"^clockbound \d+\.\d+\.\d+\S*\r?\n$", parsed.Output);
    }

    [Fact]
    public void VersionWithOtherArgumentsIsRefused() => Bad("-V", "-m", "5");

    [Fact]
    public void AChronySocketWhoseClientSocketPathExceedsSunPathIsRefused()
    {
        // 86 bytes of directory: chronyd's socket fits, but DIR/clockbound.PID.sock (up to 7 pid digits) does not.
        string directory = "/" + new string('d', 85);
        string error = Bad("--chrony-socket", directory + "/c.sock");
        Assert.Contains("--chrony-socket", error, StringComparison.Ordinal);
        Assert.Contains("sun_path is 108 bytes", error, StringComparison.Ordinal);
        Assert.Contains(directory + "/clockbound.PID.sock", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AChronySocketPathOverSunPathIsRefused()
    {
        string error = Bad("--chrony-socket", "/" + new string('s', 110));
        Assert.Contains("--chrony-socket", error, StringComparison.Ordinal);
        Assert.Contains("at most 107", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AChronySocketJustWithinSunPathIsAccepted()
    {
        // "/" + 76 + "/clockbound.9999999.sock" = 101 bytes: fits.
        string path = "/" + new string('d', 76) + "/chronyd.sock";
        Assert.Equal(path, Ok("--chrony-socket", path).ChronySocketPath);
    }

    [Theory]
    [InlineData("--shm-path")]
    [InlineData("--shm-v1-path")]
    [InlineData("--vmclock-path")]
    [InlineData("--sysfs-root")]
    [InlineData("--chrony-socket")]
    public void APathOverPathMaxIsRefusedBeforeAnythingIsCreated(string option)
    {
        string deep = "/tmp" + string.Concat(Enumerable.Repeat("/a", 2100)) + "/shm0";
        string error = Bad(option, deep);
        Assert.Contains(option + ": the path is", error, StringComparison.Ordinal);
        Assert.Contains("PATH_MAX 4096", error, StringComparison.Ordinal);
    }

    [Fact]
    public void APathComponentOverNameMaxIsRefused()
    {
        string error = Bad("--shm-path", "/tmp/" + new string('n', 256) + "/shm0");
        Assert.Contains("--shm-path: the path component", error, StringComparison.Ordinal);
        Assert.Contains("NAME_MAX", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AComponentOfExactlyNameMaxIsAccepted()
    {
        string path = "/tmp/" + new string('n', 255) + "/shm0";
        Assert.Equal(path, Ok("--shm-path", path).ShmPath);
    }

    [Theory]
    [InlineData(new[] { "--shm-path", "/tmp/x\uFFFD/shm0" }, 1, "the value of --shm-path is not valid UTF-8")]
    [InlineData(new[] { "--shm-v1-path=/tmp/\uFFFD" }, 0, "the value of --shm-v1-path is not valid UTF-8")]
    [InlineData(new[] { "-m", "50", "\uFFFD" }, 2, "argument 3 is not valid UTF-8")]
    public void AnArgumentThatWasNotUtf8IsRefusedNamingItsFlag(string[] args, int index, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        CommandLineOutcome outcome = DaemonCommandLine.Parse(args, output, error, _ => false, new HashSet<int> { index });
        Assert.Null(outcome.Options);
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Give paths in UTF-8", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AValidUFFFDInAPathIsNotTakenForBadUtf8()
    {
        Assert.Equal("/tmp/\uFFFD/shm0", Ok("--shm-path", "/tmp/\uFFFD/shm0").ShmPath);
    }

    [Theory]
    [InlineData("-d", "false")]
    [InlineData("--json-output", "true")]
    public void FlagsTakeNoValue(string flag, string value)
    {
        string error = Bad("-m", "50", flag, value);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "-m" }, "-m/--max-drift-rate needs a value: a whole number of PPM from 1 to 999999")]
    [InlineData(new[] { "--poll-interval-ms" }, "--poll-interval-ms needs a value: a whole number of milliseconds from 10 to 1000")]
    [InlineData(new[] { "--shm-v1-path" }, "--shm-v1-path needs a value: a path, or 'none'")]
    [InlineData(new[] { "-m", "5", "-m", "6" }, "-m/--max-drift-rate was given more than once; give it once, with a whole number of PPM")]
    [InlineData(new[] { "foo" }, "Unrecognized command or argument 'foo': clockbound takes no positional arguments, and its options are -m/--max-drift-rate, -j/--json-output")]
    [InlineData(new[] { "--frobnicate" }, "its options are -m/--max-drift-rate")]
    public void LibraryErrorsNameTheFlagAndWhatItTakes(string[] args, string message)
    {
        string error = Bad(args);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
