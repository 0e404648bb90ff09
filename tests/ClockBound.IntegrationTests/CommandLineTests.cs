using System.Text.Json;
using System.Text.RegularExpressions;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The real <c>clockbound</c> binary's command line: refusals, help, version, the default-drift
/// warning and JSON logging. No chronyd is needed: the daemon opens chronyd's socket lazily.
/// Every run points the segments and chronyd's socket into a temp directory, so that a command
/// line wrongly accepted never touches the system's files.
/// </summary>
public sealed partial class CommandLineTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("clockbound-cli-");

    private string MissingSocket => _directory.Combine("no-chronyd.sock");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(new[] { "--frobnicate" }, "'--frobnicate'")]
    [InlineData(new[] { "-m", "abc" }, "--max-drift-rate must be a whole number of PPM from 1 to 999999; got 'abc'")]
    [InlineData(new[] { "-m", "0" }, "--max-drift-rate must be a whole number of PPM from 1 to 999999; got '0'")]
    [InlineData(new[] { "--max-drift-rate", "1000000" }, "--max-drift-rate must be a whole number of PPM from 1 to 999999; got '1000000'")]
    [InlineData(new[] { "-m", "50", "-r", "PHC0" }, "-r/--phc-ref-id requires -i/--phc-interface")]
    [InlineData(new[] { "-m", "50", "-i", "eth0" }, "-i/--phc-interface requires -r/--phc-ref-id")]
    [InlineData(new[] { "-m", "50", "--clock-error-bound-source", "vmclock" }, "--clock-error-bound-source vmclock is not supported")]
    [InlineData(new[] { "-m", "50", "--clock-error-bound-source", "ntp" }, "--clock-error-bound-source must be chrony or vmclock (any case); got 'ntp'")]
    [InlineData(new[] { "-m", "50", "--poll-interval-ms", "5" }, "--poll-interval-ms must be a whole number of milliseconds from 10 to 1000; got '5'")]
    [InlineData(new[] { "-m", "50", "--poll-interval-ms", "1e3" }, "--poll-interval-ms must be a whole number of milliseconds from 10 to 1000; got '1e3'")]
    [InlineData(new[] { "-m" }, "-m/--max-drift-rate needs a value: a whole number of PPM from 1 to 999999")]
    [InlineData(new[] { "-m", "50", "-r", "TOOLONG", "-i", "eth0" }, "-r/--phc-ref-id")]
    [InlineData(new[] { "-m", "50", "-r", "PHC0", "-i", "../etc" }, "-i/--phc-interface: '../etc' is not a network interface name")]
    [InlineData(new[] { "-m", "50", "--vmclock-path", "" }, "--vmclock-path must be a non-empty path")]
    [InlineData(new[] { "-m", "50", "--shm-path", "/tmp/x" }, "--shm-path was given more than once")]
    [InlineData(new[] { "-m", "50", "-d", "false" }, "'false'")]
    [InlineData(new[] { "-m", "50", "--sysfs-root" }, "--sysfs-root needs a value: a path")]
    public void BadArgumentsExit2SayingWhatIsAllowed(string[] arguments, string message)
    {
        ProcessResult result = Run([.. SafePaths(), .. arguments]);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Run 'clockbound --help'", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
        Assert.False(File.Exists(_directory.Combine("shm0")), "a refused command line created a segment");
    }

    [Fact]
    public void VmclockSourceRefusalNamesTheAllowedSource()
    {
        ProcessResult result = Run([.. SafePaths(), "--clock-error-bound-source", "VMClock"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Use chrony (the default)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void ASegmentPathWhoseDirectoryCannotBeCreatedExits1NamingThePath()
    {
        string file = _directory.Combine("a-file");
        File.WriteAllText(file, "not a directory");
        string impossible = Path.Combine(file, "clockbound", "shm0");

        ProcessResult result = Run(["-m", "50", "-d", "--chrony-socket", MissingSocket, "--shm-path", impossible, "--shm-v1-path", _directory.Combine("shm")]);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.Contains($"Cannot open segment version 2 at {impossible}: cannot create the segment directory {file}: ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("shm")), "the version 1 segment was created although start-up failed");
    }

    [Fact]
    public void AChronySocketWhoseClientSocketPathExceedsSunPathExits2NamingTheFlagAndTheLimit()
    {
        // chronyd's own socket path fits in sun_path; DIR/clockbound.PID.sock next to it does not.
        string directory = _directory.Combine(new string('c', Math.Max(1, 100 - _directory.Path.Length)));
        Directory.CreateDirectory(directory);
        string socket = Path.Combine(directory, "s");

        ProcessResult result = Run(["-m", "50", "-d", "--chrony-socket", socket, "--shm-path", _directory.Combine("shm0"), "--shm-v1-path", "none"]);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.Contains("--chrony-socket", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("sun_path is 108 bytes", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("shm0")), "a refused command line created a segment");
    }

    [Fact]
    public void APathThatIsNotUtf8Exits2NamingTheFlag()
    {
        // Through a shell: .NET's Process can only pass UTF-8. \377 is never valid in UTF-8.
        string script = "exec \"$0\" -m 50 -d --chrony-socket \"$1\" --shm-v1-path none --shm-path \"$2$(printf '\\377')/shm0\"";
        ProcessResult result = ProcessRunner.Run("/bin/sh", ["-c", script, ClockBoundBinaries.Daemon, MissingSocket, _directory.Combine("x")], DaemonUnderTest.Patience);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.Contains("the value of --shm-path is not valid UTF-8", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory.Path));
    }

    [Fact]
    public void A2100DeepSegmentPathExits2AndCreatesNothing()
    {
        string deep = _directory.Path + string.Concat(Enumerable.Repeat("/a", 2100)) + "/shm0";

        ProcessResult result = Run(["-m", "50", "-d", "--chrony-socket", MissingSocket, "--shm-path", deep, "--shm-v1-path", "none"]);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.Contains("--shm-path: the path is", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("PATH_MAX 4096", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory.Path));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void HelpExits0ListingTheOptions(string flag)
    {
        ProcessResult result = Run([flag]);

        Assert.Equal(0, result.ExitCode);
        foreach (string option in (string[])["--max-drift-rate", "--json-output", "--disable-clock-disruption-support", "--phc-ref-id",
            "--phc-interface", "--clock-error-bound-source", "--shm-path", "--shm-v1-path", "--chrony-socket", "--vmclock-path",
            "--sysfs-root", "--poll-interval-ms", "--version"])
        {
            Assert.Contains(option, result.StandardOutput, StringComparison.Ordinal);
        }
        Assert.Empty(result.StandardError);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public void VersionExits0PrintingTheVersion(string flag)
    {
        ProcessResult result = Run([flag]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(VersionLine(), result.StandardOutput);
        Assert.Empty(result.StandardError);
    }

    [Fact]
    public void OmittingTheDriftRateLogsTheDefaultDriftWarningAndPublishes1PPM()
    {
        using DaemonUnderTest daemon = DaemonUnderTest.StartWith(["-d", "--chrony-socket", MissingSocket]);
        daemon.Process.WaitForOutput("--max-drift-rate was not given, so the default of 1 PPM is used", DaemonUnderTest.Patience);
        Assert.Equal(1_000u, daemon.WithOutput(() => Eventually.Satisfies(daemon.ReadV2, _ => true, DaemonUnderTest.Patience, "a segment")).MaxDriftPpb);
        StopCleanly(daemon);
    }

    [Fact]
    public void GivingTheDriftRateLogsNoDriftWarning()
    {
        using DaemonUnderTest daemon = DaemonUnderTest.StartWith(["-m", "50", "-d", "--chrony-socket", MissingSocket]);
        daemon.Process.WaitForOutput("Clock status (start) -> Unknown", DaemonUnderTest.Patience);
        StopCleanly(daemon);
        Assert.DoesNotContain("--max-drift-rate was not given", daemon.Process.Output, StringComparison.Ordinal);
        Assert.Contains("Max drift rate 50 PPM (50000 ppb)", daemon.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonOutputIsOneObjectPerLine()
    {
        // No -m: the warning is one of the lines; no chronyd: so is a failed sample.
        using DaemonUnderTest daemon = DaemonUnderTest.StartWith(["-j", "-d", "--chrony-socket", MissingSocket]);
        daemon.Process.WaitForOutput("Clock status (start) -> Unknown", DaemonUnderTest.Patience);
        daemon.Process.WaitForOutput("Sample failed", DaemonUnderTest.Patience);
        StopCleanly(daemon);

        string[] lines = daemon.Process.Output.Split('\n');
        Assert.True(lines.Length >= 8, daemon.Process.Output);
        var messages = new List<string>();
        var levels = new HashSet<string>();
        foreach (string line in lines)
        {
            using JsonDocument document = ParseObject(line);
            JsonElement root = document.RootElement;
            Assert.Equal("clockbound", root.GetProperty("Category").GetString());
            Assert.Matches(JsonTimestamp(), root.GetProperty("Timestamp").GetString());
            levels.Add(root.GetProperty("LogLevel").GetString()!);
            messages.Add(root.GetProperty("Message").GetString()!);
        }
        Assert.Contains(messages, m => m.StartsWith("clockbound ", StringComparison.Ordinal) && m.Contains("starting", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("--max-drift-rate was not given", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Sample failed", StringComparison.Ordinal) && m.Contains(MissingSocket, StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Stopping (SIGTERM)", StringComparison.Ordinal));
        Assert.Contains("Information", levels);
        Assert.Contains("Warning", levels);
    }

    [Fact]
    public void JsonOutputCoversErrorsOnStderrToo()
    {
        string file = _directory.Combine("a-file");
        File.WriteAllText(file, "not a directory");

        ProcessResult result = Run(["-j", "-m", "50", "-d", "--chrony-socket", MissingSocket, "--shm-path", Path.Combine(file, "shm0"), "--shm-v1-path", "none"]);

        Assert.Equal(1, result.ExitCode);
        string[] errors = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using JsonDocument error = ParseObject(Assert.Single(errors));
        Assert.Equal("Critical", error.RootElement.GetProperty("LogLevel").GetString());
        Assert.StartsWith("Cannot open segment version 2 at " + Path.Combine(file, "shm0"), error.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        foreach (string line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument document = ParseObject(line);
        }
    }

    private static JsonDocument ParseObject(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"not a JSON line ({e.Message}): {line}");
        }
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document;
    }

    private static void StopCleanly(DaemonUnderTest daemon)
    {
        daemon.Process.Signal(Signals.Term);
        Assert.Equal(0, daemon.Process.WaitForExit(DaemonUnderTest.Patience));
    }

    private string[] SafePaths() =>
        ["-d", "--chrony-socket", MissingSocket, "--shm-path", _directory.Combine("shm0"), "--shm-v1-path", _directory.Combine("shm")];

    private static ProcessResult Run(string[] arguments) =>
        ProcessRunner.Run(ClockBoundBinaries.Daemon, arguments, DaemonUnderTest.Patience);

    [GeneratedRegex(@"^clockbound \d+\.\d+\.\d+\S*\n?$")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex JsonTimestamp();
}
