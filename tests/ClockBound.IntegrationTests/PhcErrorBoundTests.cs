using System.Numerics;
using ClockBound.Chrony;
using ClockBound.Interop;
using ClockBound.Shm;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The PHC error bound end to end: a real chronyd whose selected reference is a SOCK refclock
/// with ref id PHC0 (fed by the test, standing in for the ENA PTP hardware clock), a fake sysfs
/// tree with the bound file, and real daemon processes.
/// </summary>
public sealed class PhcErrorBoundTests(ITestOutputHelper output)
{
    private const string InterfaceName = "ens5";
    private const string PciSlot = "0000:00:05.0";
    private const long PhcBoundNanoseconds = 12345;
    private const uint Phc0RefId = 0x50484330; // "PHC0"
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void BoundGrowsByExactlyThePhcBoundOnlyWhenTheRefIdMatches()
    {
        using PhcSetup setup = PhcSetup.Start(output);
        (ChronydHarness chrony, PhcSysfsTree _, DisruptionTestDaemon matching, DisruptionTestDaemon other) = setup;
        matching.Process.WaitForOutput($"PHC error bound added when chronyd's reference id is PHC0 (0x{Phc0RefId:X8})", DisruptionTestDaemon.Patience);
        matching.WaitForStatus(ClockStatus.Synchronized);
        other.WaitForStatus(ClockStatus.Synchronized);

        using ChronyConnection chronyd = ChronyConnection.Open(chrony.ClientSocketPath);
        AssertBoundIsFormulaPlus(matching, chronyd, PhcBoundNanoseconds, "-r PHC0 (chronyd's reference)");
        AssertBoundIsFormulaPlus(other, chronyd, 0, "-r PHC1 (not chronyd's reference)");

        Assert.DoesNotContain("Sample failed", matching.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sample failed", other.Output, StringComparison.Ordinal);
        matching.StopCleanly();
        other.StopCleanly();
    }

    [Fact]
    public void UnparsablePhcBoundFailsTheSampleFreeRunningThenUnknownAndRecovers()
    {
        using PhcSetup setup = PhcSetup.Start(output);
        (ChronydHarness _, PhcSysfsTree sysfs, DisruptionTestDaemon matching, DisruptionTestDaemon other) = setup;
        ClockErrorBound good = matching.WaitForStatus(ClockStatus.Synchronized);
        Assert.True(good.BoundNanoseconds > PhcBoundNanoseconds, $"bound {good.BoundNanoseconds} ns lacks the PHC's {PhcBoundNanoseconds} ns");
        other.WaitForStatus(ClockStatus.Synchronized);

        sysfs.SetErrorBound("abc\n");

        // The sample fails like an unreachable chronyd: FreeRunning on the last good bound for 5 s, then Unknown.
        ClockErrorBound freeRunning = matching.WaitForStatus(ClockStatus.FreeRunning);
        Assert.True(freeRunning.BoundNanoseconds > PhcBoundNanoseconds, $"FreeRunning bound {freeRunning.BoundNanoseconds} ns is not the last good one");
        string line = matching.Process.WaitForOutput("does not hold a decimal number of nanoseconds", DisruptionTestDaemon.Patience);
        Assert.Contains("Sample failed, feeding chrony status FreeRunning", line, StringComparison.Ordinal);
        Assert.Contains("chronyd's reference is the PHC, but its error bound is unavailable", line, StringComparison.Ordinal);
        Assert.Contains(sysfs.ErrorBoundPath, line, StringComparison.Ordinal);
        Assert.Contains("'abc'", line, StringComparison.Ordinal);
        matching.WaitForStatus(ClockStatus.Unknown);
        // Logged once per distinct reason, not every 100 ms.
        Assert.Equal(1, matching.CountOutputLines("does not hold a decimal number of nanoseconds"));

        // A daemon whose -r is not chronyd's reference never reads the file.
        Assert.Equal(ClockStatus.Synchronized, other.Read().Status);
        Assert.DoesNotContain("Sample failed", other.Output, StringComparison.Ordinal);

        sysfs.SetErrorBound($"{PhcBoundNanoseconds}\n");
        matching.WaitForStatus(ClockStatus.Synchronized);
        matching.Process.WaitForOutput("chronyd answers again after", DisruptionTestDaemon.Patience);
        matching.StopCleanly();
        other.StopCleanly();
    }

    /// <summary>
    /// What both tests start from: the sysfs tree with the PHC's bound, chronyd whose reference is
    /// the PHC refclock, and two daemons, one whose <c>-r</c> is chronyd's reference (PHC0) and
    /// one whose is not (PHC1), their output shown at the end.
    /// </summary>
    private sealed class PhcSetup(Disposables owned, ChronydHarness chrony, PhcSysfsTree sysfs, DisruptionTestDaemon matching, DisruptionTestDaemon other) : IDisposable
    {
        public static PhcSetup Start(ITestOutputHelper output)
        {
            var owned = new Disposables();
            try
            {
                PhcSysfsTree sysfs = owned.Add(PhcSysfsTree.Create(InterfaceName, PciSlot, $"{PhcBoundNanoseconds}\n"));
                ChronydHarness chrony = owned.Add(StartPhcChronyd());
                SockRefclock phc = owned.Add(SockRefclock.Start(PhcSocketPath(chrony), SampleInterval));
                WaitForPhcReference(chrony, phc);
                DisruptionTestDaemon matching = owned.Add(StartDaemon(chrony, sysfs, "PHC0"));
                owned.Add(matching.ShowOutputAtEnd(output));
                DisruptionTestDaemon other = owned.Add(StartDaemon(chrony, sysfs, "PHC1"));
                owned.Add(other.ShowOutputAtEnd(output));
                return new PhcSetup(owned, chrony, sysfs, matching, other);
            }
            catch
            {
                owned.Dispose();
                throw;
            }
        }

        public void Deconstruct(out ChronydHarness chronyd, out PhcSysfsTree tree, out DisruptionTestDaemon phc0, out DisruptionTestDaemon phc1)
        {
            chronyd = chrony;
            tree = sysfs;
            phc0 = matching;
            phc1 = other;
        }

        /// <summary>Shows the daemons' output and stops them, then the refclock and chronyd; deletes the tree.</summary>
        public void Dispose() => owned.Dispose();

        private static DisruptionTestDaemon StartDaemon(ChronydHarness chrony, PhcSysfsTree sysfs, string refId) =>
            DisruptionTestDaemon.Start(chrony.ClientSocketPath, "-d", "-r", refId, "-i", InterfaceName, "--sysfs-root", sysfs.Root);
    }

    /// <summary>
    /// A client chronyd with no NTP server whose only source is a SOCK refclock with ref id PHC0,
    /// polled every second (<c>poll 0</c>). <c>maxclockerror 0</c> (overriding the harness's 50)
    /// keeps its root dispersion from growing between two tracking reports, so the bound the
    /// daemon computed can be pinned down exactly from the reports just before and after.
    /// </summary>
    private static ChronydHarness StartPhcChronyd() =>
        ChronydHarness.Start(new ChronydHarnessOptions
        {
            WithNtpServer = false,
            ClientConfig =
            [
                "maxclockerror 0",
                $"refclock SOCK {ChronydInstance.DirectoryPlaceholder}/phc.sock refid PHC0 poll 0",
            ],
        });

    private static string PhcSocketPath(ChronydHarness chrony) => Path.Combine(chrony.Client.Directory, "phc.sock");

    private static void WaitForPhcReference(ChronydHarness chrony, SockRefclock phc)
    {
        chrony.WaitForSynchronized();
        ChronycTracking tracking = chrony.Client.GetChronycTracking();
        Assert.Equal(Phc0RefId, tracking.RefId);
        Assert.Equal("PHC0", tracking.ReferenceName);
        Assert.True(phc.Sent > 0, $"no refclock sample reached chronyd: {phc.LastError}");
    }

    /// <summary>
    /// Asserts that the daemon's published bound is the formula applied to the tracking report
    /// it got, plus <paramref name="phcNanoseconds"/>. The daemon's report cannot be seen, so it is
    /// bracketed: the test asks chronyd, waits for a daemon sample taken after that, reads it,
    /// and asks again. When both reports belong to the same clock update (same ref time), the
    /// daemon's lies between them, and so does its bound, since root dispersion only grows
    /// between updates.
    /// </summary>
    private void AssertBoundIsFormulaPlus(DisruptionTestDaemon daemon, ChronyConnection chronyd, long phcNanoseconds, string what)
    {
        for (int attempt = 1; ; attempt++)
        {
            TrackingReport before = chronyd.GetTracking();
            long askedAt = Clocks.MonotonicCoarseNanoseconds();
            // as_of is read before the daemon asks chronyd: a later one means a later question.
            ClockErrorBound published = daemon.WaitFor(
                s => s.Status == ClockStatus.Synchronized && s.AsOfNanoseconds > askedAt,
                $"{what}: a Synchronized sample taken after the test's query");
            TrackingReport after = chronyd.GetTracking();
            if (SameUpdate(before, after))
            {
                long low = FormulaNanoseconds(before) + phcNanoseconds;
                long high = FormulaNanoseconds(after) + phcNanoseconds;
                output.WriteLine($"{what}: published {published.BoundNanoseconds} ns, formula + {phcNanoseconds} ns in [{low}, {high}] (attempt {attempt})");
                Assert.InRange(published.BoundNanoseconds, low, high);
                // The bracket must be far narrower than the PHC bound, or this would not tell "added" from "not added".
                Assert.True(high - low < 1000, $"{what}: root dispersion grew {high - low} ns between two reports");
                return;
            }
            Assert.True(attempt < 20, $"{what}: chronyd updated its reference between every pair of reports");
        }
    }

    private static bool SameUpdate(TrackingReport a, TrackingReport b) =>
        a.RefId == b.RefId
        && a.RefTimeSeconds == b.RefTimeSeconds
        && a.RefTimeNanoseconds == b.RefTimeNanoseconds
        && a.RootDelay == b.RootDelay
        && a.CurrentCorrection == b.CurrentCorrection
        && a.LeapStatus == b.LeapStatus;

    /// <summary>
    /// ⌈(root_delay / 2 + root_dispersion + |current_correction|) × 10⁹⌉ ns, exactly: each chrony
    /// float is coefficient × 2^power (power ≥ −89), so everything is an integer in units of 2^−100 s.
    /// </summary>
    internal static long FormulaNanoseconds(TrackingReport report)
    {
        const int Shift = 100;
        BigInteger sum = Scaled(report.RootDelay, -1) + Scaled(report.RootDispersion, 0) + BigInteger.Abs(Scaled(report.CurrentCorrection, 0));
        Assert.True(sum >= 0, $"negative root delay or dispersion in {report}");
        BigInteger unit = BigInteger.One << Shift;
        return (long)((sum * 1_000_000_000 + unit - 1) / unit);

        static BigInteger Scaled(ChronyFloat value, int extraPower) => new BigInteger(value.Coefficient) << (value.PowerOfTwo + extraPower + Shift);
    }
}
