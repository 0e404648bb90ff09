using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary><c>clockboundctl doctor</c> against a real daemon and chronyd, with chrony.conf files and modes a test chose.</summary>
public sealed class CtlDoctorTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    private static string Line(ProcessResult result, string topic) =>
        result.StandardOutput.Split('\n').SingleOrDefault(l => l.Length > 6 && l[6..].StartsWith(topic + ":", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"no '{topic}' line in:\n{result}");

    private ProcessResult Doctor(string segment, string chronyConf) =>
        CtlBinary.Run("doctor", "--shm-path", segment, "--chrony-socket", chrony.SocketPath, "--chrony-conf", chronyConf,
            "--vmclock-path", "/nonexistent/vmclock0");

    private static string Synchronized(DaemonProcess daemon, string segment)
    {
        ProcessResult wait = CtlBinary.Run("waitsync", "--shm-path", segment, "--timeout-seconds", "30");
        Assert.True(wait.ExitCode == 0, $"{wait}\ndaemon:\n{daemon.Output}");
        return segment;
    }

    [Fact]
    public void ChronydsOwnConfWithMaxclockerrorPassesEverything()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-doctor-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        using DaemonProcess daemon = CtlBinary.StartDaemon(chrony.SocketPath, segment);
        Synchronized(daemon, segment);

        // The harness's client chronyd runs with 'maxclockerror 50' in this file.
        ProcessResult result = Doctor(segment, chrony.Harness.Client.ConfigPath);

        Assert.True(result.ExitCode == 0, $"{result}");
        Assert.Equal($"PASS  maxclockerror: 50 PPM at {chrony.Harness.Client.ConfigPath}:3, at least the daemon's max drift (-m) of 50 PPM read from the segment",
            Line(result, "maxclockerror"));
        Assert.StartsWith($"PASS  chronyd: answers at {chrony.SocketPath}, leap status Normal", Line(result, "chronyd"));
        Assert.StartsWith("PASS  daemon: publishing, Synchronized, bound ", Line(result, "daemon"));
        Assert.Equal($"PASS  segment mode: {segment} is 0644, owner root:root", Line(result, "segment mode"));
        Assert.StartsWith("PASS  PHC bound: chronyd's reference (127.0.0.1) is not a PHC refclock", Line(result, "PHC bound"));
        Assert.Equal("PASS  VMClock: no /nonexistent/vmclock0 and disruption support off", Line(result, "VMClock"));
        Assert.Equal($"PASS  daemon user: root (uid 0, from the running daemon (pid {daemon.Pid})) may reach chronyd's socket {chrony.SocketPath}", Line(result, "daemon user"));
        Assert.Equal(8, result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void AConfWithoutMaxclockerrorFailsAndOneThatIncludesItPasses()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-doctor-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        using DaemonProcess daemon = CtlBinary.StartDaemon(chrony.SocketPath, segment);
        Synchronized(daemon, segment);
        string conf = directory.Combine("chrony.conf");
        File.WriteAllText(conf, $"server 127.0.0.1 iburst\nconfdir {directory.Combine("conf.d")}\n");

        ProcessResult without = Doctor(segment, conf);

        Assert.True(without.ExitCode == 2, $"{without}");
        Assert.StartsWith($"FAIL  maxclockerror: not set in {conf}: chronyd then assumes 1 PPM", Line(without, "maxclockerror"));
        Assert.EndsWith($"fix: add 'maxclockerror 50' to {conf} and restart chronyd", Line(without, "maxclockerror"));

        Directory.CreateDirectory(directory.Combine("conf.d"));
        File.WriteAllText(directory.Combine("conf.d/clockbound.conf"), "maxclockerror 50\n");

        ProcessResult with = Doctor(segment, conf);

        Assert.StartsWith($"PASS  maxclockerror: 50 PPM at {directory.Combine("conf.d/clockbound.conf")}:1", Line(with, "maxclockerror"));
        Assert.True(with.ExitCode == 0, $"{with}");
    }

    [Fact]
    public void WrongModesFail()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-doctor-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("run/shm0");
        using DaemonProcess daemon = CtlBinary.StartDaemon(chrony.SocketPath, segment);
        Synchronized(daemon, segment);
        File.SetUnixFileMode(directory.Combine("run"), (UnixFileMode)0x1FF); // 0777, no sticky bit
        File.SetUnixFileMode(segment, (UnixFileMode)0x1B6);                   // 0666

        ProcessResult result = Doctor(segment, chrony.Harness.Client.ConfigPath);

        Assert.True(result.ExitCode == 2, $"{result}");
        Assert.Equal($"FAIL  directory mode: {directory.Combine("run")} is 0777, owner root:root: anyone can replace the segment; fix: chmod 0755 {directory.Combine("run")}",
            Line(result, "directory mode"));
        Assert.Equal($"FAIL  segment mode: {segment} is 0666, owner root:root: users other than its owner can write the bound every client trusts; fix: chmod 0644 {segment}",
            Line(result, "segment mode"));
    }

    [Fact]
    public void NoDaemonAndNoChronydFailWithTheFixes()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-doctor-", CtlBinary.SegmentDirectoryMode);

        ProcessResult result = CtlBinary.Run("doctor", "--shm-path", directory.Combine("shm0"), "--chrony-socket", directory.Combine("chronyd.sock"),
            "--chrony-conf", directory.Combine("chrony.conf"));

        Assert.True(result.ExitCode == 2, $"{result}");
        Assert.Contains("--chrony-socket PATH", Line(result, "chronyd"));
        Assert.Contains("fix: start the daemon (systemctl start clockbound), or pass --shm-path PATH", Line(result, "daemon"));
        Assert.Equal($"WARN  maxclockerror: cannot check: cannot read chronyd's configuration {directory.Combine("chrony.conf")}: no such file; pass --chrony-conf PATH with the file chronyd reads (chronyd -f PATH, or its unit's command line)",
            Line(result, "maxclockerror"));
    }
}
