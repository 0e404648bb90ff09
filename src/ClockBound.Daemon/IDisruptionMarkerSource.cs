namespace ClockBound.Daemon;

/// <summary>The source of the clock disruption marker (the VMClock page; a fake in unit tests).</summary>
internal interface IDisruptionMarkerSource
{
    /// <summary>Where the marker is read from, for log lines.</summary>
    string Description { get; }

    /// <summary>The current disruption marker; it changes whenever the clock may have been disrupted.</summary>
    /// <exception cref="ClockBound.VMClock.VMClockException">No consistent read was possible.</exception>
    ulong ReadMarker();
}
