namespace ClockBound.Daemon;

/// <summary>Whether the clock may have been disrupted (the other input of <see cref="ClockStateMachine"/>).</summary>
public enum DisruptionState
{
    /// <summary>Not known yet, or chronyd's sources were just reset after a disruption.</summary>
    Unknown,

    /// <summary>No disruption seen: the VMClock marker is the one the daemon remembers.</summary>
    Reliable,

    /// <summary>The clock may have jumped (new VMClock marker, or SIGUSR1).</summary>
    Disrupted,
}
