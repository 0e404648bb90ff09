namespace ClockBound;

/// <summary>Settings of a <see cref="ClockBoundClient"/>.</summary>
public sealed class ClockBoundClientOptions
{
    /// <summary>The default VMClock device.</summary>
    public const string DefaultVMClockPath = "/dev/vmclock0";

    /// <summary>
    /// The VMClock device whose disruption marker is compared with the segment's when the daemon
    /// publishes with disruption support on. Default <c>/dev/vmclock0</c>.
    /// </summary>
    public string VMClockPath { get; init; } = DefaultVMClockPath;
}
