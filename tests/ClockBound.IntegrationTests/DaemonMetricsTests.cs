using System.Net;
using System.Net.Sockets;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// <c>--metrics-listen</c> on a real daemon against a real chronyd: a real HTTP GET of
/// <c>/metrics</c>, parsed strictly as Prometheus text, its values compared with the segment read
/// just before and just after the scrape.
/// </summary>
public sealed class DaemonMetricsTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    private static readonly HttpClient Http = new() { Timeout = DaemonUnderTest.Patience };

    [Fact]
    public void MetricsMatchTheSegment()
    {
        int port = FreeTcpPort();
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath, "--metrics-listen", $"127.0.0.1:{port}");
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        daemon.Process.WaitForOutput($"Metrics: serving Prometheus text on http://127.0.0.1:{port}/metrics", DaemonUnderTest.Patience);

        // The daemon writes every 100 ms: take a scrape that falls between two reads of the same value.
        (ClockErrorBound segment, PrometheusText metrics, long readAt) = Eventually.Satisfies(
            () =>
            {
                ClockErrorBound before = daemon.ReadV2();
                PrometheusText text = Scrape(port);
                ClockErrorBound after = daemon.ReadV2();
                return (before, text, ReadAtIfSame(before, after));
            },
            r => r.Item3 > 0,
            DaemonUnderTest.Patience,
            "a scrape between two identical segment reads");

        Assert.Equal(segment.BoundNanoseconds, (long)Math.Round(metrics.Value("clockbound_bound_seconds") * 1e9));
        Assert.True(metrics.Value("clockbound_bound_seconds") * 1e9 >= segment.BoundNanoseconds);
        Assert.Equal(1, metrics.Value("clockbound_status", ("status", "synchronized")));
        Assert.Equal(0, metrics.Value("clockbound_status", ("status", "free_running")));
        Assert.Equal(0, metrics.Value("clockbound_status", ("status", "unknown")));
        Assert.Equal(0, metrics.Value("clockbound_status", ("status", "disrupted")));
        double age = metrics.Value("clockbound_data_age_seconds");
        Assert.InRange(age, 0, (readAt - segment.AsOfNanoseconds) / 1e9);
        Assert.Equal(segment.MaxDriftPpb / 1000.0, metrics.Value("clockbound_max_drift_ppm"));

        // chronyd's numbers, from its last report: positive, and they bound what was published.
        double delay = metrics.Value("clockbound_chrony_root_delay_seconds");
        double dispersion = metrics.Value("clockbound_chrony_root_dispersion_seconds");
        Assert.InRange(delay, 0, 1);
        Assert.InRange(dispersion, double.Epsilon, 1);
        Assert.InRange(Math.Abs(metrics.Value("clockbound_chrony_offset_seconds")), 0, 1);
        Assert.InRange(metrics.Value("clockbound_chrony_last_offset_seconds"), -1, 1);

        double samples = metrics.Value("clockbound_samples_total");
        double writes = metrics.Value("clockbound_segment_writes_total");
        Assert.True(samples >= 1, $"samples {samples}");
        Assert.True(writes >= samples - 1, $"writes {writes}, samples {samples}");
        Assert.Equal(0, metrics.Value("clockbound_segment_write_failures_total"));
        Assert.Equal(0, metrics.Value("clockbound_disruptions_total"));
        Assert.Equal(0, metrics.Value("clockbound_chrony_resets_total"));
        Assert.Equal(0, metrics.Value("clockbound_chrony_bursts_total"));
        Assert.All(metrics.Samples.Where(s => s.Name == "clockbound_sample_failures_total"), s => Assert.True(s.Value >= 0));
        Assert.Equal(["bound_rejected", "phc_bound_unavailable", "query_failed", "report_rejected"],
            metrics.Samples.Where(s => s.Name == "clockbound_sample_failures_total").Select(s => s.Labels["reason"]).Order(StringComparer.Ordinal));
        Assert.Equal(1, metrics.Value("clockbound_daemon_ok"));
        Assert.All(metrics.Samples.Where(s => s.Name == "clockbound_daemon_failing"), s => Assert.Equal(0, s.Value));
        Assert.Equal(1, metrics.Sample("clockbound_build_info").Value);
        double started = metrics.Value("process_start_time_seconds");
        // Milliseconds, rounded up: whole seconds would truncate "now" below a start within the same second.
        Assert.InRange((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1) / 1000.0 - started, 0, 600);

        // Counters only go up.
        PrometheusText later = Eventually.Satisfies(() => Scrape(port), t => t.Value("clockbound_samples_total") > samples, DaemonUnderTest.Patience, "more samples");
        Assert.True(later.Value("clockbound_segment_writes_total") > writes);
    }

    [Fact]
    public void APortInUseIsAStartupErrorNamingTheFlag()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath, "--metrics-listen", $"127.0.0.1:{port}");
        Assert.Equal(2, daemon.Process.WaitForExit(DaemonUnderTest.Patience));
        Assert.Contains($"Cannot serve metrics on 127.0.0.1:{port} (--metrics-listen): Address already in use", daemon.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAddressNotOfThisHostIsAStartupErrorNamingTheFlag()
    {
        // 192.0.2.1 (TEST-NET-1) is no address of this host: bind fails.
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath, "--metrics-listen", "192.0.2.1:9464");
        Assert.Equal(2, daemon.Process.WaitForExit(DaemonUnderTest.Patience));
        Assert.Contains("Cannot serve metrics on 192.0.2.1:9464 (--metrics-listen): ", daemon.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PromtoolAcceptsTheExposition()
    {
        // Debian's prometheus package (scripts/install-deps.sh installs it): its own linter as a second opinion.
        Assert.True(File.Exists("/usr/bin/promtool"), "promtool is missing: run scripts/install-deps.sh (Debian package prometheus)");
        int port = FreeTcpPort();
        using DaemonUnderTest daemon = DaemonUnderTest.Start(chrony.SocketPath, "--metrics-listen", $"127.0.0.1:{port}");
        daemon.WaitForV2Status(ClockStatus.Synchronized);
        using TempDirectory directory = TempDirectory.Create("clockbound-promtool-");
        string body = directory.Combine("metrics.txt");
        File.WriteAllText(body, ScrapeText(port));
        ProcessResult check = ProcessRunner.Run("/bin/sh", ["-c", "promtool check metrics < \"$1\"", "sh", body], DaemonUnderTest.Patience);
        Assert.True(check.ExitCode == 0, $"promtool check metrics: exit {check.ExitCode}\n{check.StandardOutput}{check.StandardError}\n{File.ReadAllText(body)}");
    }

    /// <summary>GET /metrics, parsed; fails on anything that is not valid exposition text.</summary>
    internal static PrometheusText Scrape(int port) => PrometheusText.Parse(ScrapeText(port));

    /// <summary>GET /metrics: the body, after checking the status and the content type.</summary>
    internal static string ScrapeText(int port)
    {
        using HttpResponseMessage response = Http.GetAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    internal static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    // The monotonic time after both reads when they are the same value, else 0.
    private static long ReadAtIfSame(ClockErrorBound before, ClockErrorBound after) =>
        before == after ? ClockBound.Interop.Clocks.MonotonicCoarseNanoseconds() : 0;
}
