using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>Counts segment writes in <see cref="DaemonMetrics"/> and keeps the value written, so a scrape reports what the segment says.</summary>
internal sealed class MeasuringSegmentSink(ISegmentSink inner, DaemonMetrics metrics) : ISegmentSink
{
    /// <inheritdoc/>
    public void Write(in ClockErrorBound value)
    {
        try
        {
            inner.Write(value);
        }
        catch
        {
            metrics.OnSegmentWriteFailed();
            throw;
        }
        metrics.OnSegmentWritten(value);
    }
}
