using ClockBound.Interop;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A daemon killed with SIGKILL and started again: same files, clients that kept them mapped read
/// on, and the client socket the killed one left beside chronyd's is removed.
/// </summary>
public sealed class WarmRestartTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    [Fact]
    public void RestartAfterSIGKILLReusesTheFilesAndAClientOpenedBeforeReadsOnWithoutReopening()
    {
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath);
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        daemon.Process.WaitForOutput("Publishing segment version 2 at " + daemon.V2Path + " (initialised)", DaemonUnderTest.Patience);
        string v2Inode = DaemonUnderTest.Inode(daemon.V2Path);
        string v1Inode = DaemonUnderTest.Inode(daemon.V1Path);
        using ClockBoundClient v2Client = ClockBoundClient.Open(daemon.V2Path);
        using ClockBoundClient v1Client = ClockBoundClient.Open(daemon.V1Path);
        using SegmentReader reader = SegmentReader.Open(daemon.V2Path);
        Assert.Equal(ClockStatus.Synchronized, v2Client.Now().Status);
        Assert.Equal(ClockStatus.Synchronized, v1Client.Now().Status);

        daemon.Process.Kill();
        Assert.True(daemon.Process.HasExited);
        ClockErrorBound last = reader.ReadFresh();
        Assert.Equal(ClockStatus.Synchronized, last.Status);
        // Nobody writes now: the clients age the last data, FreeRunning once its as_of is 5 s old.
        Eventually.Satisfies(() => v2Client.Now().Status, s => s == ClockStatus.FreeRunning, DaemonUnderTest.Patience, "v2 client FreeRunning while the daemon is dead");
        Assert.Equal(ClockStatus.FreeRunning, v1Client.Now().Status);
        Assert.Equal(last, reader.ReadFresh());

        daemon.StartProcess();
        daemon.Process.WaitForOutput("Publishing segment version 2 at " + daemon.V2Path + " (reused: warm restart)", DaemonUnderTest.Patience);
        daemon.Process.WaitForOutput("Publishing segment version 1 at " + daemon.V1Path + " (reused: warm restart)", DaemonUnderTest.Patience);
        ClockErrorBound fresh = daemon.WithOutput(() => Eventually.Satisfies(
            reader.ReadFresh, s => s.AsOfNanoseconds > last.AsOfNanoseconds && s.Status == ClockStatus.Synchronized,
            DaemonUnderTest.Patience, "a new Synchronized sample through the reader opened before the kill"));
        Eventually.Satisfies(reader.ReadFresh, s => s.AsOfNanoseconds > fresh.AsOfNanoseconds, DaemonUnderTest.Patience, "as_of advancing");
        Assert.Equal(ClockStatus.Synchronized, Eventually.Satisfies(
            () => v2Client.Now().Status, s => s == ClockStatus.Synchronized, DaemonUnderTest.Patience, "v2 client Synchronized again"));
        Assert.Equal(ClockStatus.Synchronized, Eventually.Satisfies(
            () => v1Client.Now().Status, s => s == ClockStatus.Synchronized, DaemonUnderTest.Patience, "v1 client Synchronized again"));
        Assert.Equal(2, v2Client.SegmentVersion);
        Assert.Equal(1, v1Client.SegmentVersion);
        Assert.Equal(v2Inode, DaemonUnderTest.Inode(daemon.V2Path));
        Assert.Equal(v1Inode, DaemonUnderTest.Inode(daemon.V1Path));
        Assert.Equal(80, new FileInfo(daemon.V2Path).Length);
        Assert.Equal(72, new FileInfo(daemon.V1Path).Length);
    }

    [Fact]
    public void RestartAfterSIGKILLRemovesTheClientSocketTheKilledDaemonLeft()
    {
        string chronydDirectory = Path.GetDirectoryName(chrony.SocketPath)!;
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath);
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        int oldPid = daemon.Process.Pid;
        string oldSocket = Assert.Single(DaemonUnderTest.ClientSockets(chrony.SocketPath, oldPid));

        daemon.Process.Kill();
        Assert.True(daemon.Process.HasExited);
        ClockErrorBound last = daemon.ReadV2();
        Assert.False(Processes.Exists(oldPid), $"killed daemon {oldPid} not reaped");
        Assert.True(SocketFiles.IsSocket(oldSocket), "SIGKILL left the killed daemon's socket file");

        daemon.StartProcess();
        // A Synchronized sample newer than the killed daemon's last: the new one has opened its connection.
        daemon.WaitForV2(
            s => s.AsOfNanoseconds > last.AsOfNanoseconds && s.Status == ClockStatus.Synchronized,
            "a Synchronized sample from the restarted daemon");

        int newPid = daemon.Process.Pid;
        Assert.NotEqual(oldPid, newPid);
        Assert.False(File.Exists(oldSocket), $"{oldSocket} of the killed daemon is still there");
        string newSocket = Assert.Single(DaemonUnderTest.ClientSockets(chrony.SocketPath, newPid));
        Assert.True(SocketFiles.IsSocket(newSocket));
        // Only this class's daemons use this chronyd, one at a time: every other one is dead by now.
        Assert.Equal([newSocket], Directory.GetFiles(chronydDirectory, "clockbound.*.sock"));
    }
}
