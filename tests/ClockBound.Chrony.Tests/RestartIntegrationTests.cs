using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>
/// The connection across chronyd stopping, crashing, hanging and restarting, against one real
/// chronyd (no NTP server needed: tracking answers unsynchronised). Each test gets its own.
/// </summary>
public sealed class RestartIntegrationTests : IDisposable
{
    private static readonly ChronyConnectionOptions ShortTimeout = new() { Timeout = TimeSpan.FromMilliseconds(300) };

    private readonly ChronydHarness _harness = ChronydHarness.Start(new ChronydHarnessOptions { WithNtpServer = false });

    private ChronydInstance Chronyd => _harness.Client;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void ConnectionSurvivesAChronydRestart()
    {
        using ChronyConnection connection = ChronyConnection.Open(Chronyd.SocketPath, ShortTimeout);
        Assert.Equal((ushort)3, connection.GetTracking().LeapStatus); // no sources: unsynchronised

        Chronyd.Stop();
        ChronyException stopped = Assert.Throws<ChronyException>(() => connection.GetTracking());
        Assert.Contains("no such socket", stopped.Message);
        Assert.False(File.Exists(Chronyd.SocketPath));

        Chronyd.Start();
        Assert.Equal((ushort)3, connection.GetTracking().LeapStatus);
    }

    [Fact]
    public void CrashedChronydLeavesAStaleSocketWhichOpenReports()
    {
        Chronyd.Kill();
        Assert.True(File.Exists(Chronyd.SocketPath), "SIGKILL leaves the socket file behind");
        Assert.False(Chronyd.IsRunning);

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyConnection.Open(Chronyd.SocketPath));
        Assert.Equal(
            $"cannot connect to chronyd's command socket {Chronyd.SocketPath}: connection refused: a stale socket file, chronyd is not running",
            e.Message);

        Chronyd.Start(); // on the stale pid file and socket
        using ChronyConnection connection = ChronyConnection.Open(Chronyd.SocketPath);
        Assert.Equal((ushort)3, connection.GetTracking().LeapStatus);
    }

    [Fact]
    public void HungChronydTimesOutAndItsLateReplyIsIgnored()
    {
        using ChronyConnection connection = ChronyConnection.Open(Chronyd.SocketPath, ShortTimeout);
        connection.ResetSources(); // a NULL reply, so a late one is easy to tell from TRACKING

        Chronyd.Pause();
        ChronyException e = Assert.Throws<ChronyException>(() => connection.ResetSources());
        Chronyd.Resume(); // chronyd now answers the old request: a late reply

        Assert.StartsWith($"no reply from chronyd at {Chronyd.SocketPath} within 0.3 s", e.Message);
        TrackingReport report = connection.GetTracking();
        Assert.Equal((ushort)3, report.LeapStatus);
    }

    [Fact]
    public void HungChronydWithAFullQueueCannotBlockRequests()
    {
        using ChronyConnection connection = ChronyConnection.Open(
            Chronyd.SocketPath, new ChronyConnectionOptions { Timeout = TimeSpan.FromMilliseconds(5) });

        Chronyd.Pause();
        var messages = new List<string>();
        for (int i = 0; i < 40; i++) // more than the kernel queues for a datagram socket (max_dgram_qlen, 10 by default)
        {
            messages.Add(Assert.Throws<ChronyException>(() => connection.GetTracking()).Message);
        }

        Chronyd.Resume();

        Assert.Contains(messages, m => m.Contains("is not reading its requests", StringComparison.Ordinal));
        using ChronyConnection fresh = ChronyConnection.Open(Chronyd.SocketPath);
        Assert.Equal((ushort)3, fresh.GetTracking().LeapStatus);
    }
}
