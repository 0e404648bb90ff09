using System.Diagnostics;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// WATCHDOG=1 means "the loop makes progress", shown on a real daemon with a test-owned
/// NOTIFY_SOCKET: with the loop's thread stopped (ptrace, the rest of the process running on) the
/// pings stop, and they resume when it runs again; a hung chronyd is no stall (the loop still
/// publishes FreeRunning, then Unknown, every query timeout), so the pings go on.
/// </summary>
public sealed class WatchdogStallTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    // WATCHDOG_USEC 400 ms: a ping on a publication at least 200 ms after the last one.
    private const int WatchdogMicroseconds = 400_000;

    [Fact]
    public void PingsStopWhileTheLoopIsStalledAndResumeAfter()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-watchdog-");
        using var receiver = NotifyReceiver.Bind(directory.Combine("notify"));
        using DaemonProcess daemon = StartDaemon(directory, receiver.Path);
        receiver.WaitUntil(r => Pings(r) >= 3, "3 watchdog pings", daemon);

        int loopThread = ThreadFreezer.FindThread(daemon.Pid, "clockbound loop");
        int before;
        using (ThreadFreezer frozen = ThreadFreezer.Freeze(loopThread))
        {
            // A ping sent just before the stop may still be queued: count once the socket is drained.
            Eventually.Satisfies(() => receiver.Settled, settled => settled, DaemonUnderTest.Patience, "the notify socket drained");
            before = Pings(receiver);
            var stalled = Stopwatch.StartNew();
            // Three watchdog periods of the test's clock: a running loop pings at least twice in them.
            Eventually.Satisfies(() => stalled.Elapsed, e => e >= TimeSpan.FromMicroseconds(3 * WatchdogMicroseconds), DaemonUnderTest.Patience, "three watchdog periods");
            Assert.True(receiver.Settled);
            Assert.Equal(before, Pings(receiver));
            Assert.False(daemon.HasExited, daemon.Output);
            frozen.Thaw();
        }

        receiver.WaitUntil(r => Pings(r) >= before + 2, "watchdog pings again after the loop resumed", daemon);
        daemon.Signal(Signals.Term);
        Assert.Equal(0, daemon.WaitForExit(DaemonUnderTest.Patience));
    }

    [Fact]
    public void AHungChronydIsNoStallThePingsGoOn()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-watchdog-");
        using var receiver = NotifyReceiver.Bind(directory.Combine("notify"));
        using DaemonProcess daemon = StartDaemon(directory, receiver.Path);
        receiver.WaitFor(m => m.Contains("STATUS=Synchronized", StringComparison.Ordinal), "STATUS=Synchronized", daemon);

        chrony.Harness.Client.Pause();
        try
        {
            // Each query now times out after 1 s, and each loop still publishes: that is progress.
            receiver.WaitFor(m => m.StartsWith("STATUS=Unknown", StringComparison.Ordinal), "STATUS=Unknown while chronyd hangs", daemon);
            int atUnknown = Pings(receiver);
            receiver.WaitUntil(r => Pings(r) >= atUnknown + 3, "3 more pings while chronyd hangs", daemon);
        }
        finally
        {
            chrony.Harness.Client.Resume();
        }
        daemon.Signal(Signals.Term);
        Assert.Equal(0, daemon.WaitForExit(DaemonUnderTest.Patience));
    }

    private static int Pings(NotifyReceiver receiver) => receiver.Messages.Count(m => m == "WATCHDOG=1");

    private DaemonProcess StartDaemon(TempDirectory directory, string notifySocket) =>
        DaemonProcess.Start(
            "/usr/bin/env",
            ["--default-signal=INT", "-u", "WATCHDOG_PID", "-u", "JOURNAL_STREAM", "NOTIFY_SOCKET=" + notifySocket,
             "WATCHDOG_USEC=" + WatchdogMicroseconds, ClockBoundBinaries.Daemon, "-m", "50", "-d", "--chrony-socket", chrony.SocketPath,
             "--shm-path", directory.Combine("shm0"), "--shm-v1-path", directory.Combine("shm")]);
}
