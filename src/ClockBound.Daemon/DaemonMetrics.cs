using ClockBound.Chrony;
using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>
/// What the daemon has done, counted as it happens and read by the metrics endpoint: samples and
/// their failures by kind, disruptions, segment writes, chronyd resets and bursts, the last value
/// written to the segments and chronyd's last tracking report.
/// </summary>
/// <remarks>
/// The loop's side allocates nothing (plain fields, <see cref="Interlocked"/> and one short lock
/// for the multi-field values); a reader on another thread takes consistent copies. The published
/// value is the one the segment writer was given, so a scrape reports what the segment says.
/// </remarks>
internal sealed class DaemonMetrics
{
    private readonly Lock _gate = new();
    private readonly long[] _failures = new long[SampleFailureNames.Count];
    private long _samples;
    private long _disruptions;
    private long _segmentWrites;
    private long _segmentWriteFailures;
    private long _resets;
    private long _bursts;

    // Guarded by _gate.
    private ClockErrorBound _published;
    private bool _hasPublished;
    private TrackingReport _report;
    private bool _hasReport;

    /// <summary>Samples taken (good or failed).</summary>
    public long Samples => Volatile.Read(ref _samples);

    /// <summary>Clock disruptions handled (VMClock marker changes and SIGUSR1).</summary>
    public long Disruptions => Volatile.Read(ref _disruptions);

    /// <summary>Values written to the segments.</summary>
    public long SegmentWrites => Volatile.Read(ref _segmentWrites);

    /// <summary>Segment writes that failed.</summary>
    public long SegmentWriteFailures => Volatile.Read(ref _segmentWriteFailures);

    /// <summary>RESET_SOURCES commands chronyd accepted.</summary>
    public long Resets => Volatile.Read(ref _resets);

    /// <summary>BURST commands chronyd accepted.</summary>
    public long Bursts => Volatile.Read(ref _bursts);

    /// <summary>Failed samples of kind <paramref name="failure"/> (not <see cref="SampleFailure.None"/>).</summary>
    public long Failures(SampleFailure failure) => Volatile.Read(ref _failures[SampleFailureNames.IndexOf(failure)]);

    /// <summary>A sample was taken; <paramref name="failure"/> says whether and why it failed.</summary>
    public void OnSample(SampleFailure failure)
    {
        Interlocked.Increment(ref _samples);
        if (failure != SampleFailure.None)
        {
            Interlocked.Increment(ref _failures[SampleFailureNames.IndexOf(failure)]);
        }
    }

    /// <summary>chronyd answered with <paramref name="report"/> (whether or not it was usable).</summary>
    public void OnTrackingReport(in TrackingReport report)
    {
        lock (_gate)
        {
            _report = report;
            _hasReport = true;
        }
    }

    /// <summary>A disruption began.</summary>
    public void OnDisruption() => Interlocked.Increment(ref _disruptions);

    /// <summary><paramref name="value"/> was written to the segments.</summary>
    public void OnSegmentWritten(in ClockErrorBound value)
    {
        lock (_gate)
        {
            _published = value;
            _hasPublished = true;
        }
        Interlocked.Increment(ref _segmentWrites);
    }

    /// <summary>A segment write failed.</summary>
    public void OnSegmentWriteFailed() => Interlocked.Increment(ref _segmentWriteFailures);

    /// <summary>chronyd accepted a RESET_SOURCES.</summary>
    public void OnReset() => Interlocked.Increment(ref _resets);

    /// <summary>chronyd accepted a BURST.</summary>
    public void OnBurst() => Interlocked.Increment(ref _bursts);

    /// <summary>The last value written to the segments; false before the first write.</summary>
    public bool TryGetPublished(out ClockErrorBound value)
    {
        lock (_gate)
        {
            value = _published;
            return _hasPublished;
        }
    }

    /// <summary>chronyd's last tracking report; false before the first answer.</summary>
    public bool TryGetReport(out TrackingReport report)
    {
        lock (_gate)
        {
            report = _report;
            return _hasReport;
        }
    }
}
