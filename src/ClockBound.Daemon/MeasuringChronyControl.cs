using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// Tells <see cref="DaemonMetrics"/> of chronyd's answers: the last tracking report (root delay,
/// dispersion, offset) and the RESET_SOURCES and BURST commands chronyd accepted.
/// </summary>
internal sealed class MeasuringChronyControl(IChronyControl inner, DaemonMetrics metrics) : IChronyControl
{
    /// <inheritdoc/>
    public TrackingReport GetTracking()
    {
        TrackingReport report = inner.GetTracking();
        metrics.OnTrackingReport(report);
        return report;
    }

    /// <inheritdoc/>
    public void ResetSources()
    {
        inner.ResetSources();
        metrics.OnReset();
    }

    /// <inheritdoc/>
    public void Burst(int goodSamples, int totalSamples)
    {
        inner.Burst(goodSamples, totalSamples);
        metrics.OnBurst();
    }

    /// <inheritdoc/>
    public void Dispose() => inner.Dispose();
}
