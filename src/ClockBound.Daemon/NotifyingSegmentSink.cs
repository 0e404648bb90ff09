using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>Tells <see cref="SystemdNotifier"/> of every value written to the segments (a failed write is no progress).</summary>
internal sealed class NotifyingSegmentSink(ISegmentSink inner, SystemdNotifier notifier) : ISegmentSink
{
    /// <inheritdoc/>
    public void Write(in ClockErrorBound value)
    {
        inner.Write(value);
        notifier.OnPublished(value);
    }
}
