using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>The daemon while its chronyd hangs (SIGSTOP: requests time out) and resumes.</summary>
public sealed class DaemonChronydHungTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    private const long GraceNanoseconds = 5_000_000_000;

    [Fact]
    public void HungChronydGivesFreeRunningThenUnknownAfter5SAndSynchronizedOnceItResumes()
    {
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath);
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        using ClockBoundClient client = ClockBoundClient.Open(daemon.V2Path);

        chrony.Harness.Client.Pause();
        DaemonStatusTrace hang;
        try
        {
            // SIGSTOP takes effect asynchronously: only once chronyd is seen stopped can no reply follow.
            int pid = chrony.Harness.Client.Pid!.Value;
            ProcessState.WaitUntilStopped(pid, DaemonUnderTest.Patience);
            long pausedAt = DaemonUnderTest.MonotonicNow();
            hang = DaemonStatusTrace.Record(
                daemon, client, s => s.Status == ClockStatus.Unknown, DaemonUnderTest.Patience, "Unknown while chronyd hangs");
            (ClockErrorBound lastGood, _) = hang.FirstWith(ClockStatus.FreeRunning);
            Assert.True(lastGood.AsOfNanoseconds <= pausedAt, $"FreeRunning as_of {lastGood.AsOfNanoseconds} is after chronyd stopped at {pausedAt}");
        }
        finally
        {
            chrony.Harness.Client.Resume();
        }

        // The daemon may have noticed before the first read: Synchronized is not always seen here (the log has it).
        Assert.Equal([ClockStatus.FreeRunning, ClockStatus.Unknown], hang.SegmentStatuses.SkipWhile(s => s == ClockStatus.Synchronized));
        Assert.Equal([ClockStatus.FreeRunning, ClockStatus.Unknown], hang.ClientStatuses.SkipWhile(s => s == ClockStatus.Synchronized));
        (ClockErrorBound freeRunning, _) = hang.FirstWith(ClockStatus.FreeRunning);
        (ClockErrorBound unknown, long unknownReadAt) = hang.FirstWith(ClockStatus.Unknown);
        Assert.Equal(freeRunning with { Status = ClockStatus.Unknown }, unknown);
        Assert.True(unknownReadAt - unknown.AsOfNanoseconds >= GraceNanoseconds,
            $"Unknown published {(unknownReadAt - unknown.AsOfNanoseconds) / 1e9:F3} s after the last good as_of, before the 5 s grace ran out");
        daemon.Process.WaitForOutput("no reply from chronyd", DaemonUnderTest.Patience);

        DaemonStatusTrace recovery = DaemonStatusTrace.Record(
            daemon, client, s => s.Status == ClockStatus.Synchronized, DaemonUnderTest.Patience, "Synchronized after chronyd resumed");
        (ClockErrorBound synchronized, _) = recovery.FirstWith(ClockStatus.Synchronized);
        // A new sample: from a loop after the one that published Unknown (a request still queued
        // when chronyd resumed may be answered, so its as_of may precede the resume).
        Assert.True(synchronized.AsOfNanoseconds >= unknown.AsOfNanoseconds + GraceNanoseconds,
            $"the Synchronized as_of {synchronized.AsOfNanoseconds} is not from after the outage (last good as_of {unknown.AsOfNanoseconds})");
        Assert.InRange(synchronized.BoundNanoseconds, 1, 100_000_000);
        Assert.Equal(ClockStatus.Synchronized, Eventually.Satisfies(
            () => client.Now().Status, s => s == ClockStatus.Synchronized, DaemonUnderTest.Patience, "client status Synchronized"));
        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        daemon.Process.WaitForOutput("Clock status Unknown -> Synchronized", DaemonUnderTest.Patience);
        Assert.Equal(["(start) -> Synchronized", "Synchronized -> FreeRunning", "FreeRunning -> Unknown", "Unknown -> Synchronized"],
            daemon.StatusTransitions().Take(4));
    }

    /// <summary>The state letter of /proc/PID/stat (R, S, T for stopped, ...).</summary>
}
