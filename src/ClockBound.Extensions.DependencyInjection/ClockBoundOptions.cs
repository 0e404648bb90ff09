namespace ClockBound.Extensions.DependencyInjection;

/// <summary>
/// Settings of the <see cref="ClockBoundClient"/> that <c>AddClockBound</c> registers, usually bound
/// from the configuration section <c>"ClockBound"</c>.
/// </summary>
/// <example>
/// <code>
/// {
///   "ClockBound": {
///     "SegmentPath": "/var/run/clockbound/shm0",
///     "VMClockPath": "/dev/vmclock0",
///     "MaxDataAge": "00:00:10"
///   }
/// }
/// </code>
/// </example>
public sealed class ClockBoundOptions
{
    /// <summary>The configuration section <c>AddClockBound</c> binds on a host builder by default: <c>"ClockBound"</c>.</summary>
    public const string DefaultSectionName = "ClockBound";

    /// <summary>The segment a version 2 daemon publishes: <c>/var/run/clockbound/shm0</c>.</summary>
    public const string DefaultSegmentPath = ClockBoundClientOptions.DefaultSegmentPathV2;

    /// <summary>
    /// The segment file the client reads; an absolute path. Default <see cref="DefaultSegmentPath"/>
    /// (a 1.x daemon publishes <c>/var/run/clockbound/shm</c>). It need not exist yet: the client
    /// opens it on first use and reports an error until the daemon has published.
    /// </summary>
    public string SegmentPath { get; set; } = DefaultSegmentPath;

    /// <summary>The VMClock device, an absolute path. Default <c>/dev/vmclock0</c> (see <see cref="ClockBoundClientOptions.VMClockPath"/>).</summary>
    public string VMClockPath { get; set; } = ClockBoundClientOptions.DefaultVMClockPath;

    /// <summary>
    /// The data age beyond which a reading is reported as Unknown (see
    /// <see cref="ClockBoundClientOptions.MaxDataAge"/>); positive. Null (the default): off. In
    /// configuration a <see cref="TimeSpan"/> string, e.g. <c>"00:00:10"</c> for 10 s.
    /// </summary>
    public TimeSpan? MaxDataAge { get; set; }

    /// <summary>The client settings these options stand for.</summary>
    internal ClockBoundClientOptions ToClientOptions() => new() { VMClockPath = VMClockPath, MaxDataAge = MaxDataAge };
}
