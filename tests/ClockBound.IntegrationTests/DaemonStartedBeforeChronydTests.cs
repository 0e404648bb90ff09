using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>A daemon started while chronyd is not running: Unknown until chronyd comes up, then Synchronized.</summary>
public sealed class DaemonStartedBeforeChronydTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    private const long NoSampleBoundNanoseconds = 1_000_000_000_000_000_000; // 10^18: "nothing is known"

    [Fact]
    public void PublishesUnknownUntilChronydStartsThenSynchronized()
    {
        chrony.Harness.Client.Stop();
        Assert.False(File.Exists(chrony.SocketPath));

        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath);
        daemon.Process.WaitForOutput("Sample failed, feeding chrony status Unknown", DaemonUnderTest.Patience);
        ClockErrorBound first = daemon.WaitForV2Status(ClockStatus.Unknown);
        Assert.Equal(NoSampleBoundNanoseconds, first.BoundNanoseconds);
        Assert.Equal(first.AsOfNanoseconds + 1_000_000_000_000, first.VoidAfterNanoseconds);
        // Still writing every loop (as_of is the loop's own while nothing is known), still Unknown.
        ClockErrorBound later = daemon.WaitForV2(s => s.AsOfNanoseconds >= first.AsOfNanoseconds + 500_000_000, "as_of advancing while chronyd is down");
        Assert.Equal(ClockStatus.Unknown, later.Status);
        Assert.Equal(NoSampleBoundNanoseconds, later.BoundNanoseconds);
        using ClockBoundClient client = ClockBoundClient.Open(daemon.V2Path);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        Assert.Equal(ClockStatus.Unknown, daemon.ReadV1().Status);
        // Failed attempts to connect leave no client socket behind.
        Assert.Empty(DaemonUnderTest.ClientSockets(chrony.SocketPath, daemon.Process.Pid));

        long startedAt = DaemonUnderTest.MonotonicNow();
        chrony.Harness.Client.Start();
        DaemonStatusTrace trace = DaemonStatusTrace.Record(
            daemon, client, s => s.Status == ClockStatus.Synchronized, DaemonUnderTest.Patience, "Synchronized once chronyd is up");

        // Straight from Unknown: the unsynchronised reports of a just-started chronyd never make a
        // never-synchronised daemon FreeRunning. (The log, not the trace: it has every change.
        // Later changes are possible: while chronyd's first updates come less than 1/8 s apart,
        // a report older than ⌊8 × last_update_interval⌋ = 0 s counts as FreeRunning.)
        daemon.Process.WaitForOutput("Clock status Unknown -> Synchronized", DaemonUnderTest.Patience);
        Assert.Equal(["(start) -> Unknown", "Unknown -> Synchronized"], daemon.StatusTransitions().Take(2));
        (ClockErrorBound synchronized, _) = trace.FirstWith(ClockStatus.Synchronized);
        Assert.True(synchronized.AsOfNanoseconds > startedAt);
        Assert.InRange(synchronized.BoundNanoseconds, 1, 100_000_000);
        Assert.Equal(ClockStatus.Synchronized, Eventually.Satisfies(
            () => client.Now().Status, s => s == ClockStatus.Synchronized, DaemonUnderTest.Patience, "client Synchronized"));
        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        daemon.Process.WaitForOutput("chronyd answers again after", DaemonUnderTest.Patience);
        Assert.Single(DaemonUnderTest.ClientSockets(chrony.SocketPath, daemon.Process.Pid));
    }
}
