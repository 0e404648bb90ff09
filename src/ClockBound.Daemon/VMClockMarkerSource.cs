using ClockBound.VMClock;

namespace ClockBound.Daemon;

/// <summary>The disruption marker of a VMClock page (<c>/dev/vmclock0</c>, or a file with its layout).</summary>
internal sealed class VMClockMarkerSource(VMClockReader reader) : IDisruptionMarkerSource, IDisposable
{
    /// <inheritdoc />
    public string Description => reader.Path;

    /// <inheritdoc />
    public ulong ReadMarker() => reader.Read().DisruptionMarker;

    /// <summary>Unmaps the page.</summary>
    public void Dispose() => reader.Dispose();
}
