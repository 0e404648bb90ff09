using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>The daemon while its chronyd crashes and comes back: FreeRunning, Unknown after the grace, Synchronized again.</summary>
public sealed class DaemonChronydKilledTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    private const long GraceNanoseconds = 5_000_000_000;

    [Fact]
    public void KilledChronydGivesFreeRunningThenUnknownAfter5SAndItsRestartSynchronizedInTheSameDaemon()
    {
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath);
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        using ClockBoundClient client = ClockBoundClient.Open(daemon.V2Path);
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
        int pid = daemon.Process.Pid;

        chrony.Harness.Client.Kill(); // returns once chronyd is dead
        long killedAt = DaemonUnderTest.MonotonicNow();
        DaemonStatusTrace outage = DaemonStatusTrace.Record(
            daemon, client, s => s.Status == ClockStatus.Unknown, DaemonUnderTest.Patience, "Unknown after chronyd was killed");

        // The daemon may have noticed before the first read: Synchronized is not always seen here (the log has it).
        Assert.Equal([ClockStatus.FreeRunning, ClockStatus.Unknown], outage.SegmentStatuses.SkipWhile(s => s == ClockStatus.Synchronized));
        Assert.Equal([ClockStatus.FreeRunning, ClockStatus.Unknown], outage.ClientStatuses.SkipWhile(s => s == ClockStatus.Synchronized));
        (ClockErrorBound freeRunning, _) = outage.FirstWith(ClockStatus.FreeRunning);
        (ClockErrorBound unknown, long unknownReadAt) = outage.FirstWith(ClockStatus.Unknown);
        // Both keep the last good sample: taken before the kill, and never replaced since.
        Assert.True(freeRunning.AsOfNanoseconds <= killedAt, $"FreeRunning as_of {freeRunning.AsOfNanoseconds} is after the kill at {killedAt}");
        Assert.Equal(freeRunning with { Status = ClockStatus.Unknown }, unknown);
        Assert.All(outage.All.Where(s => s.Status != ClockStatus.Synchronized), s => Assert.Equal(freeRunning.AsOfNanoseconds, s.AsOfNanoseconds));
        // Unknown only once the last good as_of is 5 s old.
        Assert.True(unknownReadAt - unknown.AsOfNanoseconds >= GraceNanoseconds,
            $"Unknown published {(unknownReadAt - unknown.AsOfNanoseconds) / 1e9:F3} s after the last good as_of, before the 5 s grace ran out");
        daemon.Process.WaitForOutput("Clock status Synchronized -> FreeRunning", DaemonUnderTest.Patience);
        daemon.Process.WaitForOutput("Clock status FreeRunning -> Unknown", DaemonUnderTest.Patience);

        long restartedAt = DaemonUnderTest.MonotonicNow();
        chrony.Harness.Client.Start();
        chrony.Harness.WaitForSynchronized();
        DaemonStatusTrace recovery = DaemonStatusTrace.Record(
            daemon, client, s => s.Status == ClockStatus.Synchronized, DaemonUnderTest.Patience, "Synchronized after chronyd came back");

        (ClockErrorBound synchronized, _) = recovery.FirstWith(ClockStatus.Synchronized);
        Assert.True(synchronized.AsOfNanoseconds > restartedAt, "the Synchronized sample is not from the restarted chronyd");
        // A just-started chronyd reports root delay and dispersion of 1 s: never published as Synchronized.
        Assert.InRange(synchronized.BoundNanoseconds, 1, 100_000_000);
        Assert.Equal(ClockStatus.Synchronized, Eventually.Satisfies(
            () => client.Now().Status, s => s == ClockStatus.Synchronized, DaemonUnderTest.Patience, "client status Synchronized"));
        Assert.Equal(pid, daemon.Process.Pid);
        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        daemon.Process.WaitForOutput("Clock status Unknown -> Synchronized", DaemonUnderTest.Patience);
        Assert.Equal(["(start) -> Synchronized", "Synchronized -> FreeRunning", "FreeRunning -> Unknown", "Unknown -> Synchronized"],
            daemon.StatusTransitions().Take(4));
    }
}
