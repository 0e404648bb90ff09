using ClockBound.VMClock;

namespace ClockBound.Daemon;

/// <summary>
/// The disruption marker of a VMClock page (<c>/dev/vmclock0</c>, or a file with its layout).
/// A page that cannot be read consistently (seq_count stays odd or keeps changing) fails the read,
/// which makes the disruption state Unknown (daemon.md).
/// </summary>
internal sealed class VMClockMarkerSource : IDisruptionMarkerSource, IDisposable
{
    private readonly VMClockReader _reader;

    private VMClockMarkerSource(VMClockReader reader) => _reader = reader;

    /// <inheritdoc />
    public string Description => _reader.Path;

    /// <summary>Opens the page (the reader checks magic, version and size).</summary>
    /// <exception cref="VMClockException">It cannot be opened or mapped, or it is not a VMClock page.</exception>
    public static VMClockMarkerSource Open(string path) => new(VMClockReader.Open(path));

    /// <inheritdoc />
    /// <exception cref="VMClockException">seq_count stays odd or keeps changing.</exception>
    public ulong ReadMarker() => _reader.Read().DisruptionMarker;

    /// <summary>Unmaps the page.</summary>
    public void Dispose() => _reader.Dispose();
}
