namespace ClockBound;

/// <summary>The status of the system clock, as the daemon publishes it and clients report it.</summary>
public enum ClockStatus
{
    /// <summary>Nothing can be said about the clock: do not rely on the interval.</summary>
    Unknown = 0,

    /// <summary>The clock is synchronised to a reference; the interval holds.</summary>
    Synchronized = 1,

    /// <summary>
    /// The clock was synchronised but the daemon lost its reference (or stopped writing); the
    /// interval still holds because it keeps growing by the worst-case drift.
    /// </summary>
    FreeRunning = 2,

    /// <summary>The clock may have jumped (e.g. a VM was live-migrated or restored): no bound holds.</summary>
    Disrupted = 3,
}
