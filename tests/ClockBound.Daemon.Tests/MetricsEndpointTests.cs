using System.Net;
using System.Net.Sockets;
using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests;

/// <summary>The exposition over a real HTTP listener on loopback, parsed strictly as Prometheus text.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task ServesTheCountedValuesAsPrometheusText()
    {
        var clock = new FakeClock();
        var metrics = new DaemonMetrics();
        var observer = new DaemonObserver(metrics, file: null, clock, new CapturingLogger());
        var written = new ClockErrorBound
        {
            AsOfNanoseconds = clock.Monotonic - 250 * Millisecond,
            VoidAfterNanoseconds = clock.Monotonic + 1000 * Second,
            BoundNanoseconds = 1_234_567,
            MaxDriftPpb = 50_000,
            Status = ClockStatus.FreeRunning,
            DisruptionMarker = 7,
            DisruptionSupportEnabled = true,
        };
        new MeasuringSegmentSink(new NullSink(), metrics).Write(written);
        observer.OnSample(SampleFailure.None, null);
        observer.OnSample(SampleFailure.QueryFailed, "chronyd tracking query failed: no reply");
        observer.OnSample(SampleFailure.QueryFailed, "chronyd tracking query failed: no reply");
        metrics.OnTrackingReport(Reports.Synchronized(rootDelay: Floats.PowerOfTwo(-10), rootDispersion: Floats.PowerOfTwo(-12), currentCorrection: Floats.Of(-3, -20)));
        metrics.OnReset();
        metrics.OnBurst();
        metrics.OnDisruption();

        var address = new MetricsListenAddress(IPAddress.Loopback, FreeTcpPort());
        using MetricsEndpoint endpoint = MetricsEndpoint.Start(address, observer, clock, "1.2.3", Reports.RealtimeStart);
        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync($"http://{address}/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        string body = await response.Content.ReadAsStringAsync();
        PrometheusText text = PrometheusText.Parse(body);

        Assert.Equal(1_234_567, Math.Round(text.Value("clockbound_bound_seconds") * 1e9));
        Assert.True(text.Value("clockbound_bound_seconds") * 1e9 >= 1_234_567);
        Assert.Equal(1, text.Value("clockbound_status", ("status", "free_running")));
        Assert.Equal(0, text.Value("clockbound_status", ("status", "synchronized")));
        Assert.Equal(0, text.Value("clockbound_status", ("status", "unknown")));
        Assert.Equal(0, text.Value("clockbound_status", ("status", "disrupted")));
        Assert.Equal(0.25, text.Value("clockbound_data_age_seconds"), 9);
        Assert.Equal(50, text.Value("clockbound_max_drift_ppm"));
        Assert.Equal(Math.ScaleB(1, -10), text.Value("clockbound_chrony_root_delay_seconds"));
        Assert.Equal(Math.ScaleB(1, -12), text.Value("clockbound_chrony_root_dispersion_seconds"));
        Assert.Equal(-3 * Math.ScaleB(1, -20), text.Value("clockbound_chrony_offset_seconds"));
        Assert.Equal(3, text.Value("clockbound_samples_total"));
        Assert.Equal(2, text.Value("clockbound_sample_failures_total", ("reason", "query_failed")));
        Assert.Equal(0, text.Value("clockbound_sample_failures_total", ("reason", "bound_rejected")));
        Assert.Equal(1, text.Value("clockbound_segment_writes_total"));
        Assert.Equal(0, text.Value("clockbound_segment_write_failures_total"));
        Assert.Equal(1, text.Value("clockbound_chrony_resets_total"));
        Assert.Equal(1, text.Value("clockbound_chrony_bursts_total"));
        Assert.Equal(1, text.Value("clockbound_disruptions_total"));
        Assert.Equal(0, text.Value("clockbound_daemon_ok"));
        Assert.Equal(1, text.Value("clockbound_daemon_failing", ("reason", "query_failed")));
        Assert.Equal(0, text.Value("clockbound_daemon_failing", ("reason", "report_rejected")));
        Assert.Equal(1, text.Value("clockbound_build_info", ("version", "1.2.3")));
        Assert.Equal(Reports.RealtimeStart / 1e9, text.Value("process_start_time_seconds"));
        Assert.Equal("counter", text.TypesByFamily["clockbound_samples_total"]);
        Assert.Equal("gauge", text.TypesByFamily["clockbound_bound_seconds"]);
        // Nothing the operator did not ask for: no OpenTelemetry scope or target labels.
        Assert.DoesNotContain(text.Samples, s => s.Labels.Keys.Any(k => k.StartsWith("otel_", StringComparison.Ordinal)));
        Assert.DoesNotContain(text.Samples, s => s.Name == "target_info");
    }

    [Fact]
    public async Task EachScrapeReadsTheValuesOfThatMoment()
    {
        var clock = new FakeClock();
        var metrics = new DaemonMetrics();
        var observer = new DaemonObserver(metrics, file: null, clock, new CapturingLogger());
        var address = new MetricsListenAddress(IPAddress.Loopback, FreeTcpPort());
        using MetricsEndpoint endpoint = MetricsEndpoint.Start(address, observer, clock, "1.2.3", Reports.RealtimeStart);
        using var http = new HttpClient();
        // Before the first write there is no published value: no series rather than a made-up one.
        PrometheusText first = PrometheusText.Parse(await http.GetStringAsync($"http://{address}/metrics"));
        Assert.DoesNotContain(first.Samples, s => s.Name == "clockbound_bound_seconds");
        for (int i = 0; i < 3; i++)
        {
            observer.OnSample(SampleFailure.None, null);
        }
        PrometheusText second = PrometheusText.Parse(await http.GetStringAsync($"http://{address}/metrics"));
        Assert.Equal(3, second.Value("clockbound_samples_total"));
        Assert.Equal(1, second.Value("clockbound_daemon_ok"));
    }

    [Fact]
    public async Task OtherPathsAndMethodsAreRefused()
    {
        var observer = new DaemonObserver(new DaemonMetrics(), file: null, new FakeClock(), new CapturingLogger());
        var address = new MetricsListenAddress(IPAddress.Loopback, FreeTcpPort());
        using MetricsEndpoint endpoint = MetricsEndpoint.Start(address, observer, new FakeClock(), "1", 0);
        using var http = new HttpClient();
        using HttpResponseMessage other = await http.GetAsync($"http://{address}/");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"http://{address}/metrics");
        using HttpResponseMessage refused = await http.SendAsync(delete);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        using HttpResponseMessage query = await http.GetAsync($"http://{address}/metrics?x=1");
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public void APortInUseIsAMetricsListenException()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var observer = new DaemonObserver(new DaemonMetrics(), file: null, new FakeClock(), new CapturingLogger());
        var e = Assert.Throws<MetricsListenException>(() => MetricsEndpoint.Start(new MetricsListenAddress(IPAddress.Loopback, port), observer, new FakeClock(), "1", 0));
        Assert.Contains("in use", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class NullSink : ISegmentSink
    {
        public void Write(in ClockErrorBound value)
        {
        }
    }
}
