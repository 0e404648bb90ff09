namespace ClockBound;

/// <summary>Settings of a <see cref="ClockBoundClient"/>.</summary>
public sealed class ClockBoundClientOptions
{
    /// <summary>The segment a ClockBound 2.x daemon publishes (protocol version 2): <c>/var/run/clockbound/shm0</c>.</summary>
    public const string DefaultSegmentPathV2 = "/var/run/clockbound/shm0";

    /// <summary>The segment a ClockBound 1.x daemon publishes (protocol version 1): <c>/var/run/clockbound/shm</c>.</summary>
    public const string DefaultSegmentPathV1 = "/var/run/clockbound/shm";

    /// <summary>The default VMClock device.</summary>
    public const string DefaultVMClockPath = "/dev/vmclock0";

    /// <summary>
    /// The VMClock device whose disruption marker is compared with the segment's when the daemon
    /// publishes with disruption support on. Default <c>/dev/vmclock0</c>.
    /// </summary>
    public string VMClockPath { get; init; } = DefaultVMClockPath;

    /// <summary>
    /// The <see cref="ClockBoundNow.DataAge"/> beyond which a reading is not reliable: a
    /// Synchronized or FreeRunning reading with older data is reported as
    /// <see cref="ClockStatus.Unknown"/>. Null (the default): off, the segment's own limit
    /// (<c>void_after</c>, 1000 s after the daemon's last measurement) applies alone.
    /// </summary>
    /// <remarks>
    /// Off by default because an old <c>as_of</c> does not mean a dead daemon: while chronyd is not
    /// synchronised the daemon keeps publishing its last good measurement (FreeRunning, the bound
    /// widened by the worst-case drift, which is what the spec makes sound). A daemon that is
    /// synchronised measures every 100 ms (the reference daemon up to 2.0.2: every second), so
    /// set it, e.g. to 10 s, to refuse holdover and the data of a daemon that has stopped.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">(From <see cref="ClockBoundClient.Open"/>) it is zero or negative.</exception>
    public TimeSpan? MaxDataAge { get; init; }
}
