using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>Where the daemon publishes each <see cref="ClockErrorBound"/> (the segment files; a recorder in unit tests).</summary>
internal interface ISegmentSink
{
    /// <summary>Publishes <paramref name="value"/> to every segment.</summary>
    void Write(in ClockErrorBound value);
}
