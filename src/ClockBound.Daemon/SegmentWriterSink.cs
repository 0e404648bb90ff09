using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>
/// Publishes to the version 2 segment and, unless disabled, the version 1 segment (whose codec
/// writes a Disrupted status as Unknown, since v1 readers know no Disrupted).
/// </summary>
internal sealed class SegmentWriterSink(SegmentWriter v2, SegmentWriter? v1) : ISegmentSink, IDisposable
{
    /// <summary>The version 2 segment.</summary>
    public SegmentWriter V2 { get; } = v2;

    /// <summary>The version 1 segment, or null when disabled.</summary>
    public SegmentWriter? V1 { get; } = v1;

    /// <inheritdoc />
    public void Write(in ClockErrorBound value)
    {
        V2.Write(value);
        V1?.Write(value);
    }

    /// <summary>Unmaps both segments; the files stay for readers and for a warm restart.</summary>
    public void Dispose()
    {
        V2.Dispose();
        V1?.Dispose();
    }
}
