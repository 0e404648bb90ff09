using ClockBound.Interop;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClockBound.Daemon;

/// <summary>
/// Publishes to the version 2 segment and, unless disabled, the version 1 segment (whose codec
/// writes a Disrupted status as Unknown, since v1 readers know no Disrupted). Before each write it
/// checks that each segment's path still names the file written, and recreates a segment that was
/// deleted or replaced, so that new clients find it again without a daemon restart.
/// </summary>
internal sealed class SegmentWriterSink(SegmentWriter v2, SegmentWriter? v1, ILogger? logger = null) : ISegmentSink, IDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly bool[] _restoreFailing = new bool[2];

    /// <summary>The version 2 segment.</summary>
    public SegmentWriter V2 { get; } = v2;

    /// <summary>The version 1 segment, or null when disabled.</summary>
    public SegmentWriter? V1 { get; } = v1;

    /// <inheritdoc />
    public void Write(in ClockErrorBound value)
    {
        Restore(V2, 0);
        V2.Write(value);
        if (V1 is not null)
        {
            Restore(V1, 1);
            V1.Write(value);
        }
    }

    /// <summary>Unmaps both segments and releases their locks; the files stay for readers and for a warm restart.</summary>
    public void Dispose()
    {
        V2.Dispose();
        V1?.Dispose();
    }

    private void Restore(SegmentWriter writer, int slot)
    {
        try
        {
            if (writer.RestoreIfMissing())
            {
                SegmentRestoreLog.Recreated(_logger, writer.Version, writer.Path);
            }
            _restoreFailing[slot] = false;
        }
        catch (Exception e) when (e is IOException or SystemCallException)
        {
            // Tried again every loop; said once until it works. The old file keeps being written.
            if (!_restoreFailing[slot])
            {
                SegmentRestoreLog.RecreateFailed(_logger, writer.Version, writer.Path, e.Message);
                _restoreFailing[slot] = true;
            }
        }
    }
}
