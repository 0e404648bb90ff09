using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>
/// The packaged daemon, run in the clean root the way its unit runs it (user, Environment=,
/// EnvironmentFile=, ExecStart=), against Debian's chronyd (<c>-x</c>) synchronised to a test NTP
/// server on loopback; an unprivileged user reads Synchronized with the packaged clockboundctl.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class DebDaemonTests(BuiltPackages packages) : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly DebianRoot _root = DebianRoot.Create(packages.SharedRoot);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void ThePackagedDaemonPublishesSynchronizedToAnUnprivilegedReader()
    {
        _root.CopyIn(packages.Deb, "/tmp/clockbound.deb");
        _root.Run("dpkg", "-i", "/tmp/clockbound.deb");

        using ReferenceNtpServer ntp = ReferenceNtpServer.Start(KnownClock.StartingNow(offsetNanoseconds: 0));
        // Debian's chronyd, as root dropping to _chrony (its compiled-in user), socket in /run/chrony.
        // Its config lives in /run so that it leaves nothing in the root; confdir reads the drop-in.
        _root.WriteFile("/run/clockbound-test/chrony.conf",
            string.Join('\n', ntp.ChronyServerLine, "confdir /etc/chrony/conf.d", "port 0", "cmdport 0", ""));
        using DaemonProcess chronyd = _root.Start(null, null, "/usr/sbin/chronyd", "-x", "-d", "-f", "/run/clockbound-test/chrony.conf");
        Eventually.Satisfies(() => File.Exists(_root.HostPath("/run/chrony/chronyd.sock")), exists => exists || chronyd.HasExited,
            TimeSpan.FromSeconds(30), "chronyd's command socket in the root");
        Assert.False(chronyd.HasExited, $"chronyd exited:\n{chronyd.Output}");

        UnitCommand unit = UnitCommand.Read(File.ReadAllLines(_root.HostPath(DebDesign.Unit)));
        // What RuntimeDirectory=clockbound (RuntimeDirectoryMode=0755) makes before the start.
        _root.Run("install", "-d", "-o", unit.User, "-g", unit.Group, "-m", "0755", "/run/clockbound");
        using DaemonProcess daemon = _root.Start(unit.User, unit.Group, "/bin/sh", "-c", unit.ShellScript);

        ProcessResult wait = _root.RunAs("nobody", "nogroup", "/usr/bin/clockboundctl", "waitsync", "--timeout-seconds", "90");
        Assert.True(wait.ExitCode == 0, $"waitsync exited {wait.ExitCode}: {wait.StandardOutput}{wait.StandardError}\ndaemon:\n{daemon.Output}\nchronyd:\n{chronyd.Output}");
        ProcessResult now = _root.RunAs("nobody", "nogroup", "/usr/bin/clockboundctl", "now");
        Assert.True(now.ExitCode == 0, $"now exited {now.ExitCode}: {now.StandardError}");
        Assert.Contains("status:   Synchronized", now.StandardOutput, StringComparison.Ordinal);
        // The flags came from /etc/default/clockbound: 50 PPM, published as ppb.
        string status = _root.RunAs("nobody", "nogroup", "/usr/bin/clockboundctl", "status", "--json").StandardOutput;
        Assert.Contains("\"max_drift_ppb\":50000", status, StringComparison.Ordinal);
        Assert.DoesNotContain("--max-drift-rate was not given", daemon.Output, StringComparison.Ordinal);
        Assert.Equal("_chrony:_chrony 644 regular file", _root.Stat("/run/clockbound/shm0"));

        Assert.Equal(0, daemon.Terminate(StopTimeout));
        chronyd.Terminate(StopTimeout);
    }
}
