using System.Diagnostics;
using ClockBound.Shm;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.IntegrationTests;

/// <summary>SIGUSR1 / SIGUSR2 sent to a real daemon process working with a real chronyd pair.</summary>
/// <remarks>
/// Right after chronyd first synchronises, its updates can come later than 8 × its (still short)
/// update interval, and the daemon then rightly says FreeRunning for a moment: "the signal
/// changed nothing" is therefore "the status stayed Synchronized or FreeRunning".
/// </remarks>
public sealed class SignalTests(ITestOutputHelper output)
{
    private static bool IntervalHolds(ClockErrorBound s) => s.Status is ClockStatus.Synchronized or ClockStatus.FreeRunning;

    [Fact]
    public void Usr1ForcesAndHoldsDisruptedAndUsr2EndsItThroughUnknown()
    {
        using ChronydHarness chrony = ChronydHarness.Start();
        using TempDirectory directory = TempDirectory.Create("clockbound-vmclock-");
        VMClockFile vmclock = VMClockFile.Create(directory.Combine("vmclock0"), 42);
        chrony.WaitForSynchronized();
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(chrony.ClientSocketPath, "--vmclock-path", vmclock.Path);
        using var _ = daemon.ShowOutputAtEnd(output);
        daemon.WaitUntilLoopRunning();
        daemon.WaitForStatus(ClockStatus.Synchronized);

        // SIGUSR2 without a disruption to end: logged, nothing changes.
        daemon.Process.Signal(Signals.Usr2);
        daemon.Process.WaitForOutput("SIGUSR2 ignored: no forced disruption is active", DisruptionTestDaemon.Patience);
        daemon.AssertHolds(IntervalHolds, TimeSpan.FromSeconds(0.5), "Synchronized (or FreeRunning) after a lone SIGUSR2");

        // SIGUSR1: Disrupted is written from the signal handler, not at the next loop.
        var sinceSignal = Stopwatch.StartNew();
        daemon.Process.Signal(Signals.Usr1);
        ClockErrorBound disrupted = daemon.WaitForStatus(ClockStatus.Disrupted);
        output.WriteLine($"Disrupted seen {sinceSignal.ElapsedMilliseconds} ms after SIGUSR1");
        Assert.Equal(42ul, disrupted.DisruptionMarker); // the page did not change
        daemon.Process.WaitForOutput("SIGUSR1: forced clock disruption", DisruptionTestDaemon.Patience);

        // chronyd is reset meanwhile, but the disruption holds until SIGUSR2, whatever chronyd says.
        daemon.Process.WaitForOutput("the forced disruption holds until SIGUSR2", DisruptionTestDaemon.Patience);
        daemon.AssertHolds(s => s.Status == ClockStatus.Disrupted, TimeSpan.FromSeconds(2), "Disrupted held until SIGUSR2");
        Assert.Equal(ClockStatus.Unknown, daemon.ReadV1().Status);
        // A second SIGUSR1 while held changes nothing but the log.
        daemon.Process.Signal(Signals.Usr1);
        daemon.WaitForOutputLines("SIGUSR1: forced clock disruption", 2);
        daemon.AssertHolds(s => s.Status == ClockStatus.Disrupted, TimeSpan.FromSeconds(0.5), "Disrupted after a second SIGUSR1");

        // With the server paused, chronyd cannot resynchronise after the reset SIGUSR2 starts:
        // the status must leave Disrupted for Unknown and stay there.
        chrony.Server!.Pause();
        int resetsBefore = daemon.CountOutputLines("chronyd's sources were reset; asking for a burst");
        daemon.Process.Signal(Signals.Usr2);
        daemon.Process.WaitForOutput("SIGUSR2: forced clock disruption ended", DisruptionTestDaemon.Patience);
        daemon.WaitForStatus(ClockStatus.Unknown);
        daemon.WaitForOutputLines("chronyd's sources were reset; asking for a burst", resetsBefore + 1);
        Assert.Equal(3, chrony.Client.GetChronycTracking().LeapStatusCode); // reset: unsynchronised
        daemon.AssertHolds(s => s.Status == ClockStatus.Unknown, TimeSpan.FromSeconds(1), "Unknown until chronyd has fresh samples");

        // chronyd's fresh samples bring Synchronized back.
        chrony.Server.Resume();
        ClockErrorBound recovered = daemon.WaitForStatus(ClockStatus.Synchronized);
        Assert.Equal(42ul, recovered.DisruptionMarker);
        Assert.True(recovered.DisruptionSupportEnabled);
        daemon.StopCleanly();
    }

    [Fact]
    public void Usr1AsSoonAsTheFirstLineIsPrintedIsHonouredNotFatal()
    {
        // The handlers are registered before the command line is parsed, so before the first log
        // line. A SIGUSR1 sent then arrives while the daemon is still starting (kept and replayed
        // once the loop exists) or just after: either way it must neither kill it nor be lost.
        using TempDirectory directory = TempDirectory.Create("clockbound-vmclock-");
        VMClockFile vmclock = VMClockFile.Create(directory.Combine("vmclock0"), 42);
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(directory.Combine("chronyd.sock"), "--vmclock-path", vmclock.Path);
        using var _ = daemon.ShowOutputAtEnd(output);
        daemon.Process.WaitForOutput("starting (pid", DisruptionTestDaemon.Patience);
        daemon.Process.Signal(Signals.Usr1);

        daemon.Process.WaitForOutput("SIGUSR1: forced clock disruption", DisruptionTestDaemon.Patience);
        daemon.WaitForStatus(ClockStatus.Disrupted);
        daemon.AssertHolds(s => s.Status == ClockStatus.Disrupted, TimeSpan.FromSeconds(1), "Disrupted held after an early SIGUSR1");
        Assert.False(daemon.Process.HasExited);

        daemon.Process.Signal(Signals.Usr2);
        daemon.Process.WaitForOutput("SIGUSR2: forced clock disruption ended", DisruptionTestDaemon.Patience);
        // No chronyd here: the reset cannot complete, so Disrupted stays (and the loop goes on writing).
        daemon.AssertHolds(s => s.Status == ClockStatus.Disrupted, TimeSpan.FromSeconds(1), "Disrupted while chronyd cannot be reset");
        daemon.StopCleanly();
    }

    [Fact]
    public void WithoutDisruptionSupportBothSignalsAreLoggedAndIgnored()
    {
        using ChronydHarness chrony = ChronydHarness.Start();
        chrony.WaitForSynchronized();
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(chrony.ClientSocketPath, "-d");
        using var _ = daemon.ShowOutputAtEnd(output);
        daemon.WaitUntilLoopRunning();
        Assert.False(daemon.WaitForStatus(ClockStatus.Synchronized).DisruptionSupportEnabled);

        daemon.Process.Signal(Signals.Usr1);
        daemon.Process.WaitForOutput("SIGUSR1 ignored: clock disruption support is disabled", DisruptionTestDaemon.Patience);
        daemon.AssertHolds(IntervalHolds, TimeSpan.FromSeconds(1), "Synchronized (or FreeRunning) after SIGUSR1 with -d");

        daemon.Process.Signal(Signals.Usr2);
        daemon.Process.WaitForOutput("SIGUSR2 ignored: clock disruption support is disabled", DisruptionTestDaemon.Patience);
        daemon.AssertHolds(IntervalHolds, TimeSpan.FromSeconds(1), "Synchronized (or FreeRunning) after SIGUSR2 with -d");

        Assert.DoesNotContain("Resetting chronyd's sources", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Disrupted", daemon.Output, StringComparison.Ordinal);
        daemon.WaitForStatus(ClockStatus.Synchronized);
        daemon.StopCleanly();
    }
}
