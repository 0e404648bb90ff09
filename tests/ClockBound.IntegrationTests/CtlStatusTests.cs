using System.Text.Json;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary><c>clockboundctl status</c> against a real daemon and chronyd, and after the daemon is killed.</summary>
public sealed class CtlStatusTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    [Fact]
    public void ARunningDaemonAndChronydInWords()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-status-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        using DaemonProcess daemon = CtlBinary.StartSynchronizedDaemon(chrony.SocketPath, segment);

        ProcessResult result = CtlBinary.Run("status", "--shm-path", segment, "--chrony-socket", chrony.SocketPath);

        Assert.True(result.ExitCode == 0, $"{result}");
        string text = result.StandardOutput;
        Assert.Contains($"segment:     {segment} (version 2)\n", text);
        Assert.Contains("file:        owner root:root, mode 0644\n", text);
        Assert.Contains($"directory:   {directory.Path}, owner root:root, mode 0755\n", text);
        Assert.Contains("status:      Synchronized\n", text);
        Assert.Matches(@"last update: \d\.\d s ago\n", text);
        Assert.Contains("max drift:   50 PPM (50000 ppb)\n", text);
        Assert.Contains("disruption:  support off, marker 0\n", text);
        Assert.Contains($"chronyd:     reachable at {chrony.SocketPath}: leap status Normal, stratum 2, reference 7F000001 (127.0.0.1)\n", text);

        ProcessResult json = CtlBinary.Run("status", "--shm-path", segment, "--chrony-socket", chrony.SocketPath, "--json");
        using JsonDocument document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal("Synchronized", document.RootElement.GetProperty("status").GetString());
        Assert.True(document.RootElement.GetProperty("publishing").GetBoolean());
        Assert.Equal("Normal", document.RootElement.GetProperty("chronyd").GetProperty("leap_status").GetString());
    }

    [Fact]
    public void RequirePublishingFailsWhileTheDaemonIsStoppedAndPassesOnceItRuns()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-status-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        using DaemonProcess daemon = CtlBinary.StartSynchronizedDaemon(chrony.SocketPath, segment);
        string[] probe = ["status", "--shm-path", segment, "--chrony-socket", chrony.SocketPath, "--require-publishing"];

        ProcessResult running = CtlBinary.Run(probe);
        Assert.True(running.ExitCode == 0, $"{running}");

        // A stalled loop, as a liveness probe must see it: the process is there, the segment is not written.
        daemon.Signal(Signals.Stop);
        try
        {
            ProcessState.WaitUntilStopped(daemon.Pid, DaemonUnderTest.Patience);
            ProcessResult stopped = CtlBinary.Run(probe);
            Assert.True(stopped.ExitCode == 3, $"{stopped}");
            Assert.Contains("is the daemon running?", stopped.StandardOutput); // all is still printed
            Assert.Equal($"clockboundctl: nothing wrote {segment} for 1.2 s: the daemon is not running or its loop is stalled (--require-publishing)\n",
                stopped.StandardError);
        }
        finally
        {
            daemon.Signal(Signals.Cont);
        }

        ProcessResult resumed = CtlBinary.Run(probe);
        Assert.True(resumed.ExitCode == 0, $"{resumed}");
    }

    [Fact]
    public void AKilledDaemonIsNamed()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-status-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        using (DaemonProcess daemon = CtlBinary.StartSynchronizedDaemon(chrony.SocketPath, segment))
        {
            daemon.Kill();
        }

        // Until as_of is 5 s old clients still read Synchronized; the segment is not being written all the same.
        ProcessResult soon = CtlBinary.Run("status", "--shm-path", segment, "--chrony-socket", chrony.SocketPath);
        Assert.Contains("is the daemon running?", soon.StandardOutput);

        using SegmentReader reader = SegmentReader.Open(segment);
        long asOf = reader.ReadFresh().AsOfNanoseconds;
        Eventually.Satisfies(DaemonUnderTest.MonotonicNow, now => now - asOf > 6_000_000_000, DaemonUnderTest.Patience, "the data 6 s old");

        ProcessResult result = CtlBinary.Run("status", "--shm-path", segment, "--chrony-socket", chrony.SocketPath);

        Assert.True(result.ExitCode == 0, $"{result}");
        Assert.Contains("status:      FreeRunning (the daemon published Synchronized; clients read it so because its data is older than 5 s)\n", result.StandardOutput);
        Assert.Matches(@"last update: \d+\.\d s ago: is the daemon running\? \(nothing has written the segment for 1\.2 s\)\n", result.StandardOutput);
    }

    [Fact]
    public void AnUnreachableChronydIsReportedNotFatal()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-status-", CtlBinary.SegmentDirectoryMode);

        ProcessResult result = CtlBinary.Run("status", "--shm-path", directory.Combine("shm0"), "--chrony-socket", directory.Combine("chronyd.sock"));

        Assert.True(result.ExitCode == 1, $"{result}"); // the segment is missing
        Assert.Contains($"chronyd:     unreachable: cannot connect to chronyd's command socket {directory.Combine("chronyd.sock")}", result.StandardOutput);
    }
}
