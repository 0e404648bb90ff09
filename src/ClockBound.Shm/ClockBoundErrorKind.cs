namespace ClockBound;

/// <summary>The kinds of failure a ClockBound client distinguishes.</summary>
public enum ClockBoundErrorKind
{
    /// <summary>A system call failed; see <see cref="ClockBoundException.SystemCall"/> and <see cref="ClockBoundException.Errno"/>.</summary>
    SystemCallFailed,

    /// <summary>The segment exists but no data has been written to it yet (or a write never finished).</summary>
    SegmentNotInitialized,

    /// <summary>The segment's bytes are not a valid ClockBound segment (bad magic, sizes or values).</summary>
    SegmentMalformed,

    /// <summary>The segment's <c>as_of</c> lies in this host's monotonic future: it cannot be trusted.</summary>
    CausalityBreach,

    /// <summary>The segment declares a protocol version this client does not read.</summary>
    SegmentVersionNotSupported,

    /// <summary>
    /// The daemon publishes with disruption support on, but the VMClock device cannot be opened
    /// (missing, or no read permission): a live migration could not be seen, so the status is Unknown.
    /// </summary>
    VMClockUnavailable,
}
