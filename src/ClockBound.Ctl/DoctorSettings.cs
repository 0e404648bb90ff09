namespace ClockBound.Ctl;

/// <summary>What <c>clockboundctl doctor</c> looks at.</summary>
/// <param name="SegmentPath">The segment (<c>--shm-path</c>).</param>
/// <param name="ChronySocketPath">chronyd's command socket (<c>--chrony-socket</c>).</param>
/// <param name="ChronyConfPath">chronyd's configuration (<c>--chrony-conf</c>).</param>
/// <param name="VMClockPath">The VMClock device (<c>--vmclock-path</c>).</param>
internal sealed record DoctorSettings(string SegmentPath, string ChronySocketPath, string ChronyConfPath, string VMClockPath)
{
    /// <summary>chronyd's UDP command port for the reachability check's fallback (<c>--chrony-udp-port</c>); 0 for none.</summary>
    public int ChronyUdpPort { get; init; } = Chrony.ChronyUdpConnection.DefaultPort;

    /// <summary>The daemon's user for the socket-access check (<c>--daemon-user</c>); null to find it.</summary>
    public string? DaemonUser { get; init; }
}
