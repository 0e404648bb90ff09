using System.Diagnostics;
using ClockBound.Shm;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A FIFO planted as the PHC error bound file (a blocking open of it never returns): the sample
/// fails with the reason instead of freezing the loop, and SIGTERM stops the daemon promptly,
/// removing its chronyd client socket.
/// </summary>
public sealed class DaemonStuckFileTests(ITestOutputHelper output)
{
    private const string InterfaceName = "ens5";
    private const string PciSlot = "0000:00:05.0";

    /// <summary>What "promptly" means: the daemon's stop deadline (5 s) plus process start-up slack.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    [Fact]
    public void AFifoAsThePhcBoundFileFailsTheSampleAndSigtermStillStopsTheDaemon()
    {
        using PhcSysfsTree sysfs = PhcSysfsTree.Create(InterfaceName, PciSlot, "12345\n");
        File.Delete(sysfs.ErrorBoundPath);
        ProcessRunner.Run("mkfifo", [sysfs.ErrorBoundPath]).ThrowIfFailed("mkfifo");

        using ChronydHarness chrony = ChronydHarness.Start(new ChronydHarnessOptions
        {
            WithNtpServer = false,
            ClientConfig = ["maxclockerror 0", $"refclock SOCK {ChronydInstance.DirectoryPlaceholder}/phc.sock refid PHC0 poll 0"],
        });
        using SockRefclock phc = SockRefclock.Start(Path.Combine(chrony.Client.Directory, "phc.sock"), TimeSpan.FromMilliseconds(100));
        chrony.WaitForSynchronized();
        Assert.Equal("PHC0", chrony.Client.GetChronycTracking().ReferenceName);

        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(
            chrony.ClientSocketPath, "-d", "-r", "PHC0", "-i", InterfaceName, "--sysfs-root", sysfs.Root);
        using var _ = daemon.ShowOutputAtEnd(output);

        // Before the fix the loop sat in open() here for good, and this line never came.
        string line = daemon.Process.WaitForOutput("is a FIFO (named pipe), not a regular file", DisruptionTestDaemon.Patience);
        Assert.Contains(sysfs.ErrorBoundPath, line, StringComparison.Ordinal);
        Assert.NotEqual(ClockStatus.Synchronized, daemon.Read().Status);
        // The loop goes on: it keeps publishing.
        long asOf = daemon.Read().AsOfNanoseconds;
        daemon.WaitFor(s => s.AsOfNanoseconds != asOf || s.Status == ClockStatus.Unknown, "the loop still publishing");
        string[] sockets = DaemonUnderTest.ClientSockets(chrony.ClientSocketPath, daemon.Process.Pid);
        Assert.NotEmpty(sockets);

        var stopping = Stopwatch.StartNew();
        daemon.Process.Signal(Signals.Term);
        int code = daemon.Process.WaitForExit(StopBound);
        output.WriteLine($"exit {code} {stopping.ElapsedMilliseconds} ms after SIGTERM");
        Assert.Equal(0, code);
        Assert.True(stopping.Elapsed < StopBound, $"took {stopping.Elapsed}");
        Assert.Empty(DaemonUnderTest.ClientSockets(chrony.ClientSocketPath, daemon.Process.Pid));
    }
}
