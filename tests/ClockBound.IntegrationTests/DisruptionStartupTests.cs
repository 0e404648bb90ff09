using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// How a real daemon process decides on clock disruption support at start-up. None of these
/// needs chronyd: the daemon decides before it first asks chronyd anything.
/// </summary>
public sealed class DisruptionStartupTests
{
    private const string DefaultVMClockPath = "/dev/vmclock0";

    [Fact]
    public void ExplicitVMClockPathThatDoesNotExistIsFatalAndSaysWhatToDo()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-vmclock-");
        string missing = directory.Combine("no-such-vmclock");
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(directory.Combine("chronyd.sock"), "--vmclock-path", missing);

        Assert.Equal(1, daemon.Process.WaitForExit(DisruptionTestDaemon.Patience));
        string line = Assert.Single(daemon.Output.Split('\n'), l => l.Contains(missing, StringComparison.Ordinal) && l.Contains("VMClock", StringComparison.Ordinal));
        Assert.Contains("-d/--disable-clock-disruption-support", line, StringComparison.Ordinal);
        Assert.Contains("--vmclock-path", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitVMClockPathThatIsNotAVMClockPageIsFatal()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-vmclock-");
        string notVMClock = directory.Combine("zeros");
        File.WriteAllBytes(notVMClock, new byte[VMClockFile.Size]); // no magic
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(directory.Combine("chronyd.sock"), "--vmclock-path", notVMClock);

        Assert.Equal(1, daemon.Process.WaitForExit(DisruptionTestDaemon.Patience));
        string line = Assert.Single(daemon.Output.Split('\n'), l => l.Contains(notVMClock, StringComparison.Ordinal) && l.Contains("VMClock", StringComparison.Ordinal));
        Assert.Contains("-d/--disable-clock-disruption-support", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheDefaultDeviceTheDaemonWarnsAndRunsWithoutDisruptionSupport()
    {
        // This machine is not a VM with VMClock; on one that is, this test cannot show the fallback.
        Assert.False(File.Exists(DefaultVMClockPath), $"{DefaultVMClockPath} exists here: this test needs a machine without VMClock");
        using TempDirectory directory = TempDirectory.Create("clockbound-vmclock-");
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(directory.Combine("chronyd.sock"));

        string warning = daemon.Process.WaitForOutput($"No VMClock device at {DefaultVMClockPath}", DisruptionTestDaemon.Patience);
        Assert.Contains("warn:", warning, StringComparison.Ordinal);
        Assert.Contains("WITHOUT clock disruption support", warning, StringComparison.Ordinal);
        daemon.WaitUntilLoopRunning();
        ClockErrorBound published = daemon.WaitFor(s => s.AsOfNanoseconds > 0, "a first publication");
        Assert.False(published.DisruptionSupportEnabled);
        Assert.Equal(0ul, published.DisruptionMarker);
        Assert.Equal(ClockStatus.Unknown, published.Status); // no chronyd at all
        Assert.False(daemon.Process.HasExited);
        daemon.StopCleanly();
    }

    [Fact]
    public void DisableFlagTurnsSupportOffEvenWithAWorkingVMClock()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-vmclock-");
        VMClockFile vmclock = VMClockFile.Create(directory.Combine("vmclock0"), 7);
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(directory.Combine("chronyd.sock"), "-d", "--vmclock-path", vmclock.Path);

        daemon.Process.WaitForOutput("Clock disruption support disabled (-d/--disable-clock-disruption-support)", DisruptionTestDaemon.Patience);
        daemon.WaitUntilLoopRunning();
        ClockErrorBound published = daemon.WaitFor(s => s.AsOfNanoseconds > 0, "a first publication");
        Assert.False(published.DisruptionSupportEnabled);
        Assert.Equal(0ul, published.DisruptionMarker);
        Assert.DoesNotContain("VMClock marker", daemon.Output, StringComparison.Ordinal);
        daemon.StopCleanly();
    }
}
