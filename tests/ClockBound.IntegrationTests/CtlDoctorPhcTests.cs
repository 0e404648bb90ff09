using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// doctor's PHC check against a real chronyd whose reference is a SOCK refclock with ref id PHC0
/// (fed by the test, standing in for the ENA PTP hardware clock), and real daemons with and
/// without <c>-r</c>. doctor is given the chrony.conf such a host has (<c>refclock PHC ... refid PHC0</c>).
/// </summary>
public sealed class CtlDoctorPhcTests
{
    private const string InterfaceName = "ens5";

    [Fact]
    public void APhcReferenceFailsWithoutRAndPassesWithIt()
    {
        using PhcSysfsTree sysfs = PhcSysfsTree.Create(InterfaceName, "0000:00:05.0", "12345\n");
        using ChronydHarness chrony = ChronydHarness.Start(new ChronydHarnessOptions
        {
            WithNtpServer = false,
            ClientConfig = [$"refclock SOCK {ChronydInstance.DirectoryPlaceholder}/phc.sock refid PHC0 poll 0"],
        });
        using SockRefclock phc = SockRefclock.Start(Path.Combine(chrony.Client.Directory, "phc.sock"), TimeSpan.FromMilliseconds(100));
        chrony.WaitForSynchronized();
        using TempDirectory directory = TempDirectory.Create("clockboundctl-doctor-phc-", CtlBinary.SegmentDirectoryMode);
        string conf = directory.Combine("chrony.conf");
        File.WriteAllText(conf, "maxclockerror 50\nrefclock PHC /dev/ptp_ena refid PHC0 poll 0\n");

        string without = directory.Combine("without/shm0");
        using DaemonProcess daemonWithout = CtlBinary.StartDaemon(chrony.ClientSocketPath, without);
        string with = directory.Combine("with/shm0");
        using DaemonProcess daemonWith = CtlBinary.StartDaemon(chrony.ClientSocketPath, with, "-r", "PHC0", "-i", InterfaceName, "--sysfs-root", sysfs.Root);
        foreach ((string segment, DaemonProcess daemon) in new[] { (without, daemonWithout), (with, daemonWith) })
        {
            ProcessResult wait = CtlBinary.Run("waitsync", "--shm-path", segment, "--timeout-seconds", "30");
            Assert.True(wait.ExitCode == 0, $"{wait}\ndaemon:\n{daemon.Output}");
        }

        string Phc(string segment) => CtlBinary.Run("doctor", "--shm-path", segment, "--chrony-socket", chrony.ClientSocketPath,
                "--chrony-conf", conf, "--vmclock-path", "/nonexistent/vmclock0")
            .StandardOutput.Split('\n').Single(l => l.Contains("PHC bound:", StringComparison.Ordinal));

        // The daemon's pid is env's: env execs the daemon.
        Assert.Equal(
            $"FAIL  PHC bound: chronyd's reference is the PHC refclock PHC0 (by a 'refclock PHC' in {conf}) but the daemon (pid {daemonWithout.Pid}) runs without -r, so its bound lacks the PHC's error bound; fix: run it with -r PHC0 -i IFACE (the PHC's network interface, e.g. eth0)",
            Phc(without));
        Assert.Equal("PASS  PHC bound: chronyd's reference is the PHC refclock PHC0 and the daemon runs with -r PHC0", Phc(with));
    }
}
