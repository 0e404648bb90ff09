using System.Diagnostics.Metrics;
using ClockBound.Chrony;
using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's instruments (System.Diagnostics.Metrics), named in Prometheus style. Every one is
/// observable: its value is read from <see cref="DaemonObserver"/> when a scrape asks, so the loop
/// only counts and a scrape allocates on its own thread. The published values are those last
/// written to the segment. See docs/operations.md, "Metrics".
/// </summary>
internal static class MetricsInstruments
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "clockbound";

    private const double NanosecondsPerSecond = 1e9;

    /// <summary>Creates every instrument on <paramref name="meter"/>.</summary>
    public static void Register(Meter meter, DaemonObserver observer, IDaemonClock clock, string version, long startedRealtimeNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(clock);
        DaemonMetrics metrics = observer.Metrics;

        meter.CreateObservableGauge("clockbound_bound_seconds", () => Published(metrics, v => SecondsCeiling(v.BoundNanoseconds)),
            description: "Bound on the clock error at the data's as_of, as written to the segment (seconds)");
        meter.CreateObservableGauge("clockbound_status", () => StatusSeries(metrics),
            description: "The status written to the segment: 1 for the current one, 0 for the others");
        meter.CreateObservableGauge("clockbound_data_age_seconds",
            () => Published(metrics, v => (clock.MonotonicCoarseNanoseconds() - v.AsOfNanoseconds) / NanosecondsPerSecond),
            description: "Age of the data the segment holds: CLOCK_MONOTONIC_COARSE now minus the segment's as_of (seconds)");
        meter.CreateObservableGauge("clockbound_max_drift_ppm", () => Published(metrics, v => v.MaxDriftPpb / 1000.0),
            description: "The drift rate clients extrapolate the bound with (PPM, the segment's max_drift_ppb / 1000)");

        meter.CreateObservableGauge("clockbound_chrony_root_delay_seconds", () => Report(metrics, r => r.RootDelay.ToDouble()),
            description: "Root delay of chronyd's last tracking report (seconds)");
        meter.CreateObservableGauge("clockbound_chrony_root_dispersion_seconds", () => Report(metrics, r => r.RootDispersion.ToDouble()),
            description: "Root dispersion of chronyd's last tracking report (seconds)");
        meter.CreateObservableGauge("clockbound_chrony_offset_seconds", () => Report(metrics, r => r.CurrentCorrection.ToDouble()),
            description: "Offset of the system clock in chronyd's last tracking report (current_correction, chronyc's 'System time'; seconds)");
        meter.CreateObservableGauge("clockbound_chrony_last_offset_seconds", () => Report(metrics, r => r.LastOffset.ToDouble()),
            description: "Last offset in chronyd's last tracking report (seconds)");

        meter.CreateObservableCounter("clockbound_samples_total", () => metrics.Samples,
            description: "Tracking samples taken from chronyd, good or failed");
        meter.CreateObservableCounter("clockbound_sample_failures_total", () => FailureSeries(metrics),
            description: "Samples that gave no usable chrony status, by reason");
        meter.CreateObservableCounter("clockbound_disruptions_total", () => metrics.Disruptions,
            description: "Clock disruptions handled (VMClock marker changes and SIGUSR1)");
        meter.CreateObservableCounter("clockbound_segment_writes_total", () => metrics.SegmentWrites,
            description: "Values written to the segments");
        meter.CreateObservableCounter("clockbound_segment_write_failures_total", () => metrics.SegmentWriteFailures,
            description: "Segment writes that failed");
        meter.CreateObservableCounter("clockbound_chrony_resets_total", () => metrics.Resets,
            description: "RESET_SOURCES commands chronyd accepted (after disruptions)");
        meter.CreateObservableCounter("clockbound_chrony_bursts_total", () => metrics.Bursts,
            description: "BURST commands chronyd accepted (after disruptions)");

        meter.CreateObservableGauge("clockbound_daemon_ok", () => Condition(observer, c => c.Failing ? 0 : 1),
            description: "1 while the last sample was good, 0 while samples fail (see clockbound_daemon_failing)");
        meter.CreateObservableGauge("clockbound_daemon_failing", () => FailingSeries(observer),
            description: "1 for the reason samples are failing now, 0 for the others");
        meter.CreateObservableGauge("clockbound_daemon_needs_action", () => Condition(observer, c => c.NeedsAction ? 1 : 0),
            description: "1 while samples fail for a cause that cannot clear by itself (permissions, a missing socket directory): see the log's error lines");
        meter.CreateObservableGauge("clockbound_daemon_condition_since_seconds", () => Condition(observer, c => c.SinceRealtimeNanoseconds / NanosecondsPerSecond),
            description: "When the daemon's condition (ok or failing for a reason) began (Unix time, seconds)");

        meter.CreateObservableGauge("clockbound_build_info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", version)),
            description: "The daemon's version, as a label");
        double started = startedRealtimeNanoseconds / NanosecondsPerSecond;
        meter.CreateObservableGauge("process_start_time_seconds", () => started,
            description: "Start time of the process since the Unix epoch (seconds)");
    }

    /// <summary>The Prometheus label of <paramref name="status"/>: <c>synchronized</c>, <c>free_running</c>, ...</summary>
    internal static string StatusLabel(ClockStatus status) => status switch
    {
        ClockStatus.Synchronized => "synchronized",
        ClockStatus.FreeRunning => "free_running",
        ClockStatus.Disrupted => "disrupted",
        _ => "unknown",
    };

    /// <summary><paramref name="nanoseconds"/> in seconds, never below the exact value (a bound only rounds up).</summary>
    internal static double SecondsCeiling(long nanoseconds)
    {
        double seconds = nanoseconds / NanosecondsPerSecond;
        return (decimal)seconds * 1_000_000_000m < nanoseconds ? Math.BitIncrement(seconds) : seconds;
    }

    private static readonly ClockStatus[] Statuses = [ClockStatus.Unknown, ClockStatus.Synchronized, ClockStatus.FreeRunning, ClockStatus.Disrupted];

    private static IEnumerable<Measurement<double>> Published(DaemonMetrics metrics, Func<ClockErrorBound, double> value) =>
        metrics.TryGetPublished(out ClockErrorBound published) ? [new Measurement<double>(value(published))] : [];

    private static IEnumerable<Measurement<double>> Report(DaemonMetrics metrics, Func<TrackingReport, double> value) =>
        metrics.TryGetReport(out TrackingReport report) ? [new Measurement<double>(value(report))] : [];

    private static IEnumerable<Measurement<double>> Condition(DaemonObserver observer, Func<ConditionSnapshot, double> value) =>
        observer.Condition is { } condition ? [new Measurement<double>(value(condition))] : [];

    private static Measurement<int>[] StatusSeries(DaemonMetrics metrics)
    {
        if (!metrics.TryGetPublished(out ClockErrorBound published))
        {
            return [];
        }
        return Statuses.Select(s => new Measurement<int>(s == published.Status ? 1 : 0, new KeyValuePair<string, object?>("status", StatusLabel(s)))).ToArray();
    }

    private static Measurement<long>[] FailureSeries(DaemonMetrics metrics)
    {
        var series = new Measurement<long>[SampleFailureNames.Count];
        for (int i = 0; i < series.Length; i++)
        {
            SampleFailure kind = SampleFailureNames.All[i];
            series[i] = new Measurement<long>(metrics.Failures(kind), new KeyValuePair<string, object?>("reason", SampleFailureNames.NameOf(kind)));
        }
        return series;
    }

    private static Measurement<int>[] FailingSeries(DaemonObserver observer)
    {
        if (observer.Condition is not { } condition)
        {
            return [];
        }
        var series = new Measurement<int>[SampleFailureNames.Count];
        for (int i = 0; i < series.Length; i++)
        {
            SampleFailure kind = SampleFailureNames.All[i];
            series[i] = new Measurement<int>(kind == condition.Failure ? 1 : 0, new KeyValuePair<string, object?>("reason", SampleFailureNames.NameOf(kind)));
        }
        return series;
    }
}
