using System.Globalization;
using ClockBound.Shm;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A VMClock disruption end to end: an emulated VMClock page (a regular file), a real daemon
/// process, a real chronyd pair on loopback, and a real client library mapping the segment.
/// </summary>
/// <remarks>
/// Right after chronyd first synchronises, its updates can come later than 8 × its (still short)
/// update interval, and the daemon then rightly says FreeRunning for a moment. So where a test
/// needs "the interval holds" rather than exactly Synchronized, it accepts either.
/// </remarks>
public sealed class DisruptionTests(ITestOutputHelper output)
{
    private const ulong MarkerBefore = 0x1111;
    private const ulong MarkerAfter = 0x2222;

    [Fact]
    public void MarkerChangeIsDisruptedThenChronydIsResetAndTheStatusRecoversThroughUnknown()
    {
        using VMClockSetup setup = VMClockSetup.Start(output);
        (ChronydHarness chrony, VMClockFile vmclock, DisruptionTestDaemon daemon) = setup;
        daemon.Process.WaitForOutput($"Disruption marker {MarkerBefore} read from", DisruptionTestDaemon.Patience);

        ClockErrorBound before = daemon.WaitForStatus(ClockStatus.Synchronized);
        Assert.True(before.DisruptionSupportEnabled);
        Assert.Equal(MarkerBefore, before.DisruptionMarker);
        using ClockBoundClient client = ClockBoundClient.Open(daemon.ShmPath, new ClockBoundClientOptions { VMClockPath = vmclock.Path });
        Assert.True(client.Now().IsReliable);

        // chronyd before the disruption: synchronised to its server, with samples.
        ChronycTracking trackingBefore = chrony.Client.GetChronycTracking();
        Assert.Equal(0, trackingBefore.LeapStatusCode);
        Assert.NotEqual(0u, trackingBefore.RefId);
        Assert.True(SampleCount(chrony.Client) > 0, "chronyd has no samples before the disruption");
        string logBefore = chrony.Client.ReadLog();
        int selectionsBefore = CountLines(logBefore, "Selected source");
        int unsynchronisedBefore = CountLines(logBefore, "Can't synchronise: no selectable sources");

        // Freeze the daemon between two loops, so the window between the page's new marker and
        // the daemon's next loop stays open while the client reads.
        daemon.Process.Signal(Signals.Stop);
        try
        {
            vmclock.SetDisruptionMarker(MarkerAfter);

            ClockErrorBound frozen = daemon.Read();
            Assert.True(frozen.Status is ClockStatus.Synchronized or ClockStatus.FreeRunning, $"frozen segment says {frozen.Status}");
            Assert.Equal(MarkerBefore, frozen.DisruptionMarker);
            // The segment still says the interval holds, but its marker is not the page's: the client refuses it.
            Assert.Equal(ClockStatus.Unknown, client.Now().Status);

            // With the NTP server paused, chronyd cannot resynchronise after the reset, so the
            // reset's effect stays visible; with the client chronyd paused the daemon cannot
            // complete the reset, so Disrupted stays visible.
            chrony.Server!.Pause();
            chrony.Client.Pause();
        }
        finally
        {
            daemon.Process.Signal(Signals.Cont);
        }

        ClockErrorBound disrupted = daemon.WaitForStatus(ClockStatus.Disrupted);
        Assert.Equal(MarkerAfter, disrupted.DisruptionMarker);
        Assert.True(disrupted.DisruptionSupportEnabled);
        daemon.Process.WaitForOutput($"the VMClock marker changed from {MarkerBefore} to {MarkerAfter}", DisruptionTestDaemon.Patience);
        // Version 1 has no Disrupted: its clients see Unknown.
        Assert.Equal(ClockStatus.Unknown, daemon.ReadV1().Status);
        Assert.Equal(ClockStatus.Disrupted, client.Now().Status);
        // Held while chronyd cannot be reset (the loop goes on writing: at least one chronyd timeout passes).
        daemon.AssertHolds(s => s.Status == ClockStatus.Disrupted && s.DisruptionMarker == MarkerAfter, TimeSpan.FromSeconds(1.5), "Disrupted while chronyd is unreachable");

        chrony.Client.Resume();

        // The daemon resets chronyd's sources and asks for a burst: seen in chronyd itself.
        // The burst (8 requests to a server that does not answer) lasts about 2 s.
        Eventually.Satisfies(() => BurstingSources(chrony.Client), n => n == 1, DisruptionTestDaemon.Patience, "chronyc activity: a source in burst mode");
        daemon.Process.WaitForOutput("chronyd's sources were reset and a burst requested", DisruptionTestDaemon.Patience);
        ClockErrorBound unknown = daemon.WaitForStatus(ClockStatus.Unknown);
        Assert.Equal(MarkerAfter, unknown.DisruptionMarker);

        // RESET_SOURCES dropped every measurement and left chronyd unsynchronised.
        ChronycTracking afterReset = chrony.Client.GetChronycTracking();
        Assert.Equal(3, afterReset.LeapStatusCode);
        Assert.Equal(0u, afterReset.RefId);
        Assert.Equal(1.0, afterReset.RootDelay);
        Assert.Equal(0, SampleCount(chrony.Client));
        Assert.Equal(unsynchronisedBefore + 1, CountLines(chrony.Client.ReadLog(), "Can't synchronise: no selectable sources"));
        // Unknown, not FreeRunning or Synchronized, while chronyd has nothing.
        daemon.AssertHolds(s => s.Status == ClockStatus.Unknown, TimeSpan.FromSeconds(1), "Unknown while chronyd is unsynchronised");
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);

        // Fresh samples: chronyd selects its source again and the status comes back.
        chrony.Server.Resume();
        ClockErrorBound recovered = daemon.WaitForStatus(ClockStatus.Synchronized);
        Assert.Equal(MarkerAfter, recovered.DisruptionMarker);
        Assert.True(recovered.BoundNanoseconds < 1_000_000_000, $"bound {recovered.BoundNanoseconds} ns is not a synchronised one");
        Assert.True(client.Now().IsReliable);
        Assert.Equal(selectionsBefore + 1, CountLines(chrony.Client.ReadLog(), "Selected source"));
        daemon.StopCleanly();
    }

    [Fact]
    public void AfterTheResetChronydsPreDisruptionDataIsNeverTrusted()
    {
        // The usual course: chronyd answers at once, so the loop that sees the new marker also
        // samples chronyd (still synchronised on pre-disruption data) and completes the reset.
        // chronyd then reports unsynchronised until its server answers, which it does not here:
        // the daemon must say Unknown all that time, not extrapolate (FreeRunning) the bound it
        // had before the disruption.
        using VMClockSetup setup = VMClockSetup.Start(output);
        (ChronydHarness chrony, VMClockFile vmclock, DisruptionTestDaemon daemon) = setup;
        daemon.WaitForStatus(ClockStatus.Synchronized);

        chrony.Server!.Pause();
        vmclock.SetDisruptionMarker(MarkerAfter);

        daemon.Process.WaitForOutput("chronyd's sources were reset and a burst requested", DisruptionTestDaemon.Patience);
        Assert.Equal(3, chrony.Client.GetChronycTracking().LeapStatusCode);
        daemon.AssertHolds(
            s => s.Status == ClockStatus.Unknown && s.DisruptionMarker == MarkerAfter,
            TimeSpan.FromSeconds(2),
            "Unknown while chronyd has no data from after the disruption");

        chrony.Server.Resume();
        ClockErrorBound recovered = daemon.WaitForStatus(ClockStatus.Synchronized);
        Assert.Equal(MarkerAfter, recovered.DisruptionMarker);
        daemon.StopCleanly();
    }

    [Fact]
    public void VMClockStuckMidUpdateIsUnknownUntilItCanBeReadAgain()
    {
        using VMClockSetup setup = VMClockSetup.Start(output);
        (ChronydHarness chrony, VMClockFile vmclock, DisruptionTestDaemon daemon) = setup;
        daemon.WaitForStatus(ClockStatus.Synchronized);
        using ClockBoundClient client = ClockBoundClient.Open(daemon.ShmPath, new ClockBoundClientOptions { VMClockPath = vmclock.Path });
        Assert.True(client.Now().IsReliable);

        // A hypervisor that never finishes an update: seq_count stays odd.
        vmclock.HoldSeqCountOdd();
        daemon.WaitForStatus(ClockStatus.Unknown);
        daemon.Process.WaitForOutput($"Cannot read the disruption marker from {vmclock.Path}", DisruptionTestDaemon.Patience);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        daemon.AssertHolds(s => s.Status == ClockStatus.Unknown, TimeSpan.FromSeconds(1), "Unknown while the VMClock cannot be read");
        Assert.Equal(1, daemon.CountOutputLines("Cannot read the disruption marker")); // once, not every loop

        // The update completes with the same marker: no disruption, no reset, back to Synchronized.
        vmclock.SetDisruptionMarker(MarkerBefore);
        ClockErrorBound recovered = daemon.WaitForStatus(ClockStatus.Synchronized);
        Assert.Equal(MarkerBefore, recovered.DisruptionMarker);
        daemon.Process.WaitForOutput($"The disruption marker can be read from {vmclock.Path} again", DisruptionTestDaemon.Patience);
        Assert.DoesNotContain("Resetting chronyd's sources", daemon.Output, StringComparison.Ordinal);
        Assert.True(client.Now().IsReliable);
        daemon.StopCleanly();
    }

    /// <summary>
    /// What every test here starts from: a chronyd pair synchronised on loopback, a VMClock page
    /// holding <see cref="MarkerBefore"/>, and a daemon reading it, its output shown at the end.
    /// </summary>
    private sealed class VMClockSetup(Disposables owned, ChronydHarness chrony, VMClockFile vmclock, DisruptionTestDaemon daemon) : IDisposable
    {
        public static VMClockSetup Start(ITestOutputHelper output)
        {
            var owned = new Disposables();
            try
            {
                ChronydHarness chrony = owned.Add(ChronydHarness.Start());
                TempDirectory directory = owned.Add(TempDirectory.Create("clockbound-vmclock-"));
                VMClockFile vmclock = VMClockFile.Create(directory.Combine("vmclock0"), MarkerBefore);
                chrony.WaitForSynchronized();
                DisruptionTestDaemon daemon = owned.Add(DisruptionTestDaemon.Start(chrony.ClientSocketPath, "--vmclock-path", vmclock.Path));
                owned.Add(daemon.ShowOutputAtEnd(output));
                return new VMClockSetup(owned, chrony, vmclock, daemon);
            }
            catch
            {
                owned.Dispose();
                throw;
            }
        }

        public void Deconstruct(out ChronydHarness chronyd, out VMClockFile page, out DisruptionTestDaemon started)
        {
            chronyd = chrony;
            page = vmclock;
            started = daemon;
        }

        /// <summary>Shows the daemon's output, stops it, deletes the page and stops chronyd.</summary>
        public void Dispose() => owned.Dispose();
    }

    /// <summary>NP, the number of sample points chronyd holds for its (only) source.</summary>
    internal static int SampleCount(ChronydInstance chronyd) =>
        int.Parse(chronyd.RunChronycCsv("sourcestats").Single()[1], CultureInfo.InvariantCulture);

    /// <summary>Sources in burst mode (online), from <c>chronyc -c activity</c>.</summary>
    internal static int BurstingSources(ChronydInstance chronyd) =>
        int.Parse(chronyd.RunChronycCsv("activity").Single()[2], CultureInfo.InvariantCulture);

    internal static int CountLines(string text, string what) =>
        text.Split('\n').Count(line => line.Contains(what, StringComparison.Ordinal));
}
