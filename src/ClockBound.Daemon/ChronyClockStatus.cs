namespace ClockBound.Daemon;

/// <summary>What chronyd's tracking report says about the clock (one input of <see cref="ClockStateMachine"/>).</summary>
public enum ChronyClockStatus
{
    /// <summary>No usable report, or a leap status outside 0..3.</summary>
    Unknown,

    /// <summary>Leap status 0, 1 or 2 and a reference time that is recent enough.</summary>
    Synchronized,

    /// <summary>Leap status 3 (unsynchronised), or a stale reference time.</summary>
    FreeRunning,
}
