using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The daemon under systemd's eyes: a test-owned <c>NOTIFY_SOCKET</c> (a Unix datagram socket in
/// a temp directory) receives what a real daemon against a real chronyd sends, and with
/// <c>JOURNAL_STREAM</c> set its lines carry syslog priorities.
/// </summary>
public sealed class SystemdNotifyTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    [Fact]
    public void SendsReadyStatusWatchdogAndStopping()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-notify-");
        using var receiver = NotifyReceiver.Bind(directory.Combine("notify"));
        // WATCHDOG_USEC 400 ms: pings every 200 ms of loop progress.
        using DaemonProcess daemon = StartDaemon(
            directory,
            ["-u", "WATCHDOG_PID", "-u", "JOURNAL_STREAM", "NOTIFY_SOCKET=" + receiver.Path, "WATCHDOG_USEC=400000"],
            ["-m", "50", "-d", "--chrony-socket", chrony.SocketPath]);

        string ready = receiver.WaitFor(m => m.StartsWith("READY=1\n", StringComparison.Ordinal), "READY=1", daemon);
        // READY=1 comes after the first publication: the segment is there and written.
        using (SegmentReader reader = SegmentReader.Open(directory.Combine("shm0")))
        {
            Assert.True(reader.ReadFresh().AsOfNanoseconds > 0);
        }
        Assert.Matches("^READY=1\nSTATUS=(Unknown|Synchronized|FreeRunning), ", ready);
        Assert.Equal(ready, receiver.Messages[0]);

        string status = receiver.WaitFor(m => m.Contains("STATUS=Synchronized, bound ", StringComparison.Ordinal), "STATUS=Synchronized", daemon);
        Assert.Matches(@"STATUS=Synchronized, bound \d+(\.\d)? (ns|us|ms)$", status);
        receiver.WaitFor(m => m == "WATCHDOG=1", "WATCHDOG=1", daemon);
        int pings = receiver.WaitUntil(r => r.Messages.Count(m => m == "WATCHDOG=1") >= 3, "3 watchdog pings", daemon);
        Assert.True(pings >= 3);
        // Rate-limited: a status per change (or per 10 s), not one per loop.
        Assert.InRange(receiver.Messages.Count(m => m.Contains("STATUS=", StringComparison.Ordinal)), 1, 10);
        Assert.DoesNotContain(receiver.Messages, m => m == "STOPPING=1");

        daemon.Signal(Signals.Term);
        Assert.Equal(0, daemon.WaitForExit(DaemonUnderTest.Patience));
        receiver.WaitFor(m => m == "STOPPING=1", "STOPPING=1", daemon);
    }

    [Fact]
    public void UnreachableNotifySocketIsLoggedAndTheDaemonRunsOn()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-notify-");
        string missing = directory.Combine("no-such-socket");
        using DaemonProcess daemon = StartDaemon(
            directory, ["-u", "JOURNAL_STREAM", "NOTIFY_SOCKET=" + missing], ["-m", "50", "-d", "--chrony-socket", chrony.SocketPath]);

        daemon.WaitForOutput($"Cannot connect to systemd's notification socket {missing} (NOTIFY_SOCKET)", DaemonUnderTest.Patience);
        daemon.WaitForOutput("Clock status (start) -> ", DaemonUnderTest.Patience);
        Assert.False(daemon.HasExited, daemon.Output);
    }

    [Fact]
    public void UnderJournaldLinesCarrySyslogPriorities()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-journal-");
        // No chronyd at this path: every sample fails, and the first failure is a warning.
        using DaemonProcess daemon = StartDaemon(
            directory, ["-u", "NOTIFY_SOCKET", "JOURNAL_STREAM=8:123456"], ["-m", "50", "-d", "--chrony-socket", directory.Combine("chronyd.sock")]);

        daemon.WaitForOutput("Sample failed, feeding chrony status", DaemonUnderTest.Patience);
        string[] lines = daemon.Output.Split('\n');
        string warning = lines.First(l => l.Contains("Sample failed, feeding chrony status", StringComparison.Ordinal));
        Assert.StartsWith("<4>", warning, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains(" starting (pid ", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Length > 0), l => Assert.Matches(@"^<[2-7]>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z clockbound\[\d+\] ", l));
    }

    private static DaemonProcess StartDaemon(TempDirectory directory, string[] environment, string[] arguments) =>
        // env: the environment (as systemd would set it: options to unset first, then NAME=VALUE), and
        // the default SIGINT disposition (see DaemonUnderTest).
        DaemonProcess.Start(
            "/usr/bin/env",
            ["--default-signal=INT", .. environment, ClockBoundBinaries.Daemon, .. arguments,
             "--shm-path", directory.Combine("shm0"), "--shm-v1-path", directory.Combine("shm")]);
}
