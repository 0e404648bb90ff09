using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>SIGTERM and SIGINT stop the daemon cleanly: exit 0, its chronyd client socket removed, the segments left for clients.</summary>
public sealed class DaemonStopTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    [Theory]
    [InlineData(Signals.Term, "SIGTERM")]
    [InlineData(Signals.Int, "SIGINT")]
    public void SignalStopsTheDaemonCleanly(int signal, string name)
    {
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath);
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        // Logged from the loop, which runs with the signal handlers registered. (The first status
        // may be Unknown: chronyd's first clock update alone does not make a Synchronized sample.)
        daemon.Process.WaitForOutput("Clock status (start) -> ", DaemonUnderTest.Patience);
        int pid = daemon.Process.Pid;
        string clientSocket = Path.Combine(Path.GetDirectoryName(chrony.SocketPath)!, $"clockbound.{pid}.sock");
        string[] socketsBefore = AllClientSockets();
        Assert.Contains(clientSocket, socketsBefore);

        daemon.Process.Signal(signal);

        Assert.Equal(0, daemon.Process.WaitForExit(DaemonUnderTest.Patience));
        string output = daemon.Process.Output;
        Assert.Contains($"Stopping ({name})", output, StringComparison.Ordinal);
        Assert.Contains("Stopped; the segments stay in place", output, StringComparison.Ordinal);
        Assert.Equal(socketsBefore.Where(s => s != clientSocket).Order(), AllClientSockets().Order());
        Assert.True(File.Exists(daemon.V2Path), "the version 2 segment was removed");
        Assert.True(File.Exists(daemon.V1Path), "the version 1 segment was removed");
        // Still whole and readable: clients keep working from them until the daemon is back.
        using SegmentReader v2 = SegmentReader.Open(daemon.V2Path);
        using SegmentReader v1 = SegmentReader.Open(daemon.V1Path);
        Assert.Equal(ClockStatus.Synchronized, v2.ReadFresh().Status);
        Assert.Equal(ClockStatus.Synchronized, v1.ReadFresh().Status);
        Assert.Equal(2, v2.Version);
        Assert.Equal(1, v1.Version);
    }

    /// <summary>Every clockbound.*.sock next to chronyd's socket (only this class's daemons use this chronyd).</summary>
    private string[] AllClientSockets() =>
        Directory.GetFiles(Path.GetDirectoryName(chrony.SocketPath)!, "clockbound.*.sock");
}
