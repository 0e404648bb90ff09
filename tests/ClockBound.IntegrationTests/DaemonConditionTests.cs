using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The daemon's condition file and its metrics while its real chronyd is stopped and started
/// again: <c>clockboundctl status</c> names the cause, the metrics say which reason fails.
/// </summary>
public sealed class DaemonConditionTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    [Fact]
    public void StoppedChronydIsShownInStatusAndMetricsUntilItIsBack()
    {
        int port = DaemonMetricsTests.FreeTcpPort();
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath, "--metrics-listen", $"127.0.0.1:{port}");
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        string file = Path.Combine(daemon.SegmentDirectory, "daemon-status");
        string ok = Eventually.Satisfies(() => ReadOrEmpty(file), t => t.Contains("condition=ok\n", StringComparison.Ordinal), DaemonUnderTest.Patience, "condition ok");
        Assert.Contains($"pid={daemon.Process.Pid}\n", ok, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file));
        ProcessResult healthy = CtlBinary.Run("status", "--shm-path", daemon.V2Path, "--chrony-socket", chrony.SocketPath);
        Assert.Matches(@"\ndaemon:      ok since \d\d:\d\d:\d\d UTC \(\d+ s\), pid " + daemon.Process.Pid + "\n", healthy.StandardOutput);

        chrony.Harness.Client.Stop();
        try
        {
            string failing = Eventually.Satisfies(() => ReadOrEmpty(file), t => t.Contains("condition=failing\n", StringComparison.Ordinal), DaemonUnderTest.Patience, "condition failing");
            Assert.Contains("reason=query_failed\n", failing, StringComparison.Ordinal);
            Assert.Matches(@"\nmessage=chronyd tracking query failed: .+\n", failing);

            ProcessResult status = CtlBinary.Run("status", "--shm-path", daemon.V2Path, "--chrony-socket", chrony.SocketPath);
            Assert.Matches(@"\ndaemon:      chronyd unreachable since \d\d:\d\d:\d\d UTC \(\d+ s\): chronyd tracking query failed: .+\n", status.StandardOutput);
            ProcessResult json = CtlBinary.Run("status", "--json", "--shm-path", daemon.V2Path, "--chrony-socket", chrony.SocketPath);
            using (var document = System.Text.Json.JsonDocument.Parse(json.StandardOutput))
            {
                System.Text.Json.JsonElement condition = document.RootElement.GetProperty("daemon");
                Assert.Equal("failing", condition.GetProperty("condition").GetString());
                Assert.Equal("query_failed", condition.GetProperty("reason").GetString());
                Assert.True(condition.GetProperty("running").GetBoolean());
                Assert.Equal(daemon.Process.Pid, condition.GetProperty("pid").GetInt32());
            }

            PrometheusText metrics = DaemonMetricsTests.Scrape(port);
            Assert.Equal(0, metrics.Value("clockbound_daemon_ok"));
            Assert.Equal(1, metrics.Value("clockbound_daemon_failing", ("reason", "query_failed")));
            Assert.True(metrics.Value("clockbound_sample_failures_total", ("reason", "query_failed")) >= 1);
        }
        finally
        {
            chrony.Harness.Client.Start();
        }

        Eventually.Satisfies(() => ReadOrEmpty(file), t => t.Contains("condition=ok\n", StringComparison.Ordinal), DaemonUnderTest.Patience, "condition ok again");
        Assert.Equal(1, Eventually.Satisfies(() => DaemonMetricsTests.Scrape(port).Value("clockbound_daemon_ok"), v => v == 1, DaemonUnderTest.Patience, "metrics ok again"));

        // A stopped daemon leaves the file; status says its pid is gone.
        daemon.Process.Signal(Signals.Term);
        Assert.Equal(0, daemon.Process.WaitForExit(DaemonUnderTest.Patience));
        ProcessResult after = CtlBinary.Run("status", "--shm-path", daemon.V2Path, "--chrony-socket", chrony.SocketPath);
        Assert.Contains($"\ndaemon:      pid {daemon.Process.Pid} is not running (its last condition: ok since ", after.StandardOutput, StringComparison.Ordinal);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }
}
